"""Clean look-alike files at the sizes of real uploads: a repeated customer is not a duplicate record.

The unit tier runs them at 200 and 2,000 rows; here at 10,000 and 20,000 (some 2 s a file).
"""

from __future__ import annotations

import pytest
from look_alike_files import LOOK_ALIKES

from adapters.ai.enrichment_rules import enrichment_rules
from domain.validation.report import Column, ColumnType

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("rows", [10_000, 20_000])
@pytest.mark.parametrize("kind", sorted(LOOK_ALIKES))
def test_large_look_alike_files_get_no_finding(kind: str, rows: int) -> None:
    for seed in (1, 2):
        header, records = LOOK_ALIKES[kind](rows=rows, seed=seed)  # type: ignore[call-arg]
        rule = enrichment_rules()[1]
        rule.start([Column(name, name, ColumnType.STRING) for name in header])
        for row, cells in enumerate(records, start=2):
            rule.observe(row, cells)

        result = rule.finish()

        assert result.count == 0, (seed, [sample.message for sample in result.samples[:3]])
