"""The engines' parity on the large seeded files (1,500 and 3,000 rows), and column-wise reading over all.

The unit tier (`tests/unit/adapters/validation/test_columnar_parity.py`) runs the same comparison on the
seeds of up to 400 rows; together they cover every seed.
"""

from __future__ import annotations

import pytest
from tests.unit.adapters.validation.engine_parity import (
    CONSTRAINED_SEEDS,
    LARGE_SEEDS,
    SEEDS,
    assert_engines_agree,
    assert_engines_agree_on_a_constrained_contract,
    columnar_reads,
)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("seed", LARGE_SEEDS)
def test_both_engines_report_the_same_on_large_files(seed: int) -> None:
    assert_engines_agree(seed)


@pytest.mark.parametrize("seed", [seed for seed in CONSTRAINED_SEEDS if seed in LARGE_SEEDS])
def test_both_engines_judge_a_constrained_contract_alike_on_large_files(seed: int) -> None:
    assert_engines_agree_on_a_constrained_contract(seed)


def test_most_of_all_generated_files_are_read_column_wise() -> None:
    assert columnar_reads(SEEDS) >= len(SEEDS) // 2
