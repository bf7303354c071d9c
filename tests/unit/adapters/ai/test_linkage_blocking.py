from __future__ import annotations

import numpy as np
import pytest

from adapters.ai.linkage.blocking import candidate_pairs
from adapters.ai.linkage.columns import LinkColumn, read_column

pytestmark = pytest.mark.unit


def _columns(rows: list[list[str]]) -> list[LinkColumn]:
    return [read_column(list(cells)) for cells in zip(*rows, strict=True)]


def test_rows_sharing_a_rare_value_are_paired_and_a_common_value_proposes_nothing() -> None:
    rows = [[f"name{i}", "madrid", f"{i % 500}"] for i in range(1000)]

    found = candidate_pairs(_columns(rows), max_pairs=10_000)

    pairs = set(zip(found.first.tolist(), found.second.tolist(), strict=True))
    assert pairs == {(i, i + 500) for i in range(500)}
    assert not found.exhausted
    assert found.first.dtype == found.second.dtype == np.int32  # held through the whole comparison


def test_a_crafted_file_cannot_make_more_candidates_than_the_budget() -> None:
    # Every column groups the rows in blocks of exactly the largest size kept: the most pairs per row.
    rows = [[f"{column}-{(i // 10) * 7 + column}" for column in range(8)] for i in range(3000)]
    rows = [[f"{cell}-{i % 10 if c % 2 else ''}" for c, cell in enumerate(row)] for i, row in enumerate(rows)]

    found = candidate_pairs(_columns(rows), max_pairs=5_000)

    assert len(found.first) <= 5_000
    assert found.exhausted


def test_a_pair_of_common_columns_proposing_more_pairs_than_half_the_rows_is_skipped() -> None:
    # Neither city nor price is rare alone; together they make groups of 5: 2,000 pairs on 1,000 rows.
    rows = [[f"name{i}", f"city{i % 20}", f"{(i // 20) % 10}"] for i in range(1000)]

    capped = candidate_pairs(_columns(rows), max_pairs=10_000)
    uncapped = candidate_pairs(_columns(rows), max_pairs=10_000, max_key_share=3.0)

    assert len(capped.first) == 0
    assert not capped.exhausted
    assert len(uncapped.first) == 2_000
