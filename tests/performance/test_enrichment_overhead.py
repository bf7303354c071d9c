"""The time both enrichment rules add to validating 100,000 rows (bench/enrichment_bench.py prints it).

The target is 25 %; this asserts a looser 50 % so that a loaded machine does not fail it, and takes
the best of a few CPU-time runs for the same reason.
"""

from __future__ import annotations

import csv
import io
import time

import pytest
from labelled_records import generate

from domain.enrichment.near_duplicate_rule import NearDuplicateRowRule
from domain.enrichment.outlier_rule import OutlierRule
from domain.validation.engine import validate_csv
from domain.validation.report import RuleStatus, ValidationReport
from domain.validation.row_rule import RowRule

pytestmark = pytest.mark.slow

ROWS = 100_000


@pytest.fixture(scope="module")
def hundred_thousand_rows() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "address", "city", "email", "price"])
    for i, record in enumerate(generate(int(ROWS / 1.5) + 10, seed=11).records[:ROWS]):
        writer.writerow([*record, 10 + (i * 37) % 241 if i != 70_000 else 99_999_999])
    return out.getvalue().encode()


def _best_cpu_times(data: bytes, runs: int = 5) -> tuple[float, float, ValidationReport]:
    """The best CPU time without and with the rules, the two interleaved so that load hits both alike."""
    without, with_rules, report = float("inf"), float("inf"), None
    for _ in range(runs):
        started = time.process_time()
        validate_csv(io.BytesIO(data))
        without = min(without, time.process_time() - started)
        rules: list[RowRule] = [OutlierRule(), NearDuplicateRowRule()]
        started = time.process_time()
        report = validate_csv(io.BytesIO(data), extra_rules=rules)
        with_rules = min(with_rules, time.process_time() - started)
    assert report is not None
    return without, with_rules, report


def test_both_rules_add_at_most_half_the_validation_time_of_a_large_file(
    hundred_thousand_rows: bytes,
) -> None:
    without, with_rules, report = _best_cpu_times(hundred_thousand_rows)

    ratio = (with_rules - without) / without
    print(f"enrichment adds {ratio:.0%} to validating {ROWS:,} rows")
    assert ratio <= 0.5, ratio
    outlier, near_duplicates = report.validations[-2:]
    assert [sample.row for sample in outlier.samples] == [70_002]
    assert near_duplicates.status is RuleStatus.FAILED
    assert f"checked the first 5,000 of {report.rows.total:,} rows" in near_duplicates.samples[0].message
