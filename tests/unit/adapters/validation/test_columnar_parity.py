"""The columnar validator's reports are the row engine's, byte for byte, on ordinary and pathological files.

Every seeded file (see `generated_files`) is validated by both engines, without a contract, with the
contract the file infers, and with a constrained contract, and with a row rule that records what it is
fed; the reports, the duplicate rows for pass 2 and the rows fed to the rule must be identical. Small
Arrow blocks put many batch boundaries into small files. This tier runs the files of up to 400 rows;
`tests/performance/test_columnar_parity_sweep.py` (marker `slow`) runs the larger seeds.
"""

from __future__ import annotations

import io

import msgspec
import pytest
from tests.unit.adapters.validation.engine_parity import (
    CONSTRAINED_SEEDS,
    LARGE_SEEDS,
    SEEDS,
    UNIT_SEEDS,
    assert_engines_agree,
    assert_engines_agree_on_a_constrained_contract,
    columnar_reads,
)

from adapters.ai.enrichment_rules import rules_for_contract
from adapters.validation.arrow_csv_validator import ArrowCsvValidator
from adapters.validation.stdlib_csv_validator import StdlibCsvValidator
from domain.validation.engine import ValidationOptions

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("seed", UNIT_SEEDS)
def test_both_engines_report_the_same(seed: int) -> None:
    assert_engines_agree(seed)


@pytest.mark.parametrize("seed", [seed for seed in CONSTRAINED_SEEDS if seed in UNIT_SEEDS])
def test_both_engines_judge_a_constrained_contract_alike(seed: int) -> None:
    assert_engines_agree_on_a_constrained_contract(seed)


def test_most_generated_files_are_read_column_wise() -> None:
    """Without this the test above could pass with every file handed to the row engine."""
    assert columnar_reads(UNIT_SEEDS) >= len(UNIT_SEEDS) // 2


def test_the_unit_seeds_and_the_slow_sweep_cover_every_seed_and_every_size() -> None:
    assert sorted([*UNIT_SEEDS, *LARGE_SEEDS]) == list(SEEDS)
    assert len(UNIT_SEEDS) >= 80 and len(LARGE_SEEDS) >= 40


def test_the_enrichment_rules_report_alike_from_either_engine() -> None:
    """The service's own row rules (near duplicates, outliers) find the same from the columnar batches."""
    from tests.unit.domain.enrichment.labelled_records import generate

    people = generate(600, seed=3)
    lines = ["|".join(f"c{index}" for index in range(len(people.records[0])))]
    lines += ["|".join(record) for record in people.records]
    data = ("\n".join(lines) + "\n").encode()
    validator = ArrowCsvValidator(block_bytes=1 << 14)
    reports = [
        msgspec.to_builtins(
            engine.validate(
                io.BytesIO(data), contract=None, options=ValidationOptions(), extra_rules=rules_for_contract()
            )
        )
        for engine in (StdlibCsvValidator(), validator)
    ]
    assert validator.columnar_reads == 1
    assert reports[1] == reports[0]
    assert any(v["rule"] == "near-duplicate-row" and v["count"] for v in reports[0][0]["validations"])
