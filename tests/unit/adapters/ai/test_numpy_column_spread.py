"""The outlier rule with its values in numpy arrays finds what the domain's Python lists find."""

from __future__ import annotations

import math
import random

import pytest

from adapters.ai.numpy_column_spread import NumpyColumnSpread
from domain.enrichment.outlier_rule import OutlierRule
from domain.validation.report import Column, ColumnType, Validation

pytestmark = pytest.mark.unit

ODD_CELLS = [" 12 ", "1_000", "12,5", "abc", "nan", "inf", "-0", "+3", "1e5", ""]


def _cell(rng: random.Random, kind: int) -> str:
    if rng.random() < 0.04:
        return rng.choice(ODD_CELLS)  # refused by Arrow's cast: the chunk is parsed by the domain
    if kind == 0:  # log-normal money with slips of scale
        return str(round(math.exp(rng.gauss(3, 1)) * (1000 if rng.random() < 0.01 else 1), 2))
    if kind == 1:
        return str(rng.randint(-500, 500) * (1000 if rng.random() < 0.005 else 1))
    return f"20{rng.randint(10, 30)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"


def _run(rule: OutlierRule, columns: list[Column], records: list[list[str]]) -> Validation:
    rule.start(columns)
    for start in range(0, len(records), 2048):
        batch = records[start : start + 2048]
        rule.observe_many(list(range(start + 2, start + 2 + len(batch))), batch)
    return rule.finish()


@pytest.mark.parametrize("exact_limit", [1_000_000, 3_000, 500])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_findings_equal_the_domain_spread_also_past_the_exact_limit(seed: int, exact_limit: int) -> None:
    rng = random.Random(seed)
    records = [[_cell(rng, kind) for kind in range(3)] for _ in range(6_000)]
    columns = [
        Column("amount", "amount", ColumnType.STRING),
        Column("count", "count", ColumnType.INTEGER),
        Column("day", "day", ColumnType.STRING),
    ]

    domain = _run(OutlierRule(exact_limit=exact_limit, reservoir_size=1_000), columns, records)
    arrays = _run(
        OutlierRule(exact_limit=exact_limit, reservoir_size=1_000, new_spread=NumpyColumnSpread),
        columns,
        records,
    )

    assert domain.count > 0
    assert arrays == domain


def test_values_are_the_exact_doubles_with_their_rows_in_file_order() -> None:
    spread = NumpyColumnSpread()
    spread.add_texts(ColumnType.DECIMAL, ["0.1", "", "2.5"], [2, 3, 4])
    spread.add_texts(ColumnType.DECIMAL, ["12,5", "7"], [5, 6])  # a decimal comma: the domain's parser

    assert spread.every_value() == [(0.1, 2), (2.5, 4), (12.5, 5), (7.0, 6)]
    assert list(spread.sorted_values()) == [0.1, 2.5, 7.0, 12.5]
    assert spread.beyond(1.0, 10.0) == [(0.1, 2), (12.5, 5)]
