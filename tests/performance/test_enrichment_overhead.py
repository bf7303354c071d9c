"""Both enrichment rules on 100,000 rows: every row compared, and the time they add bounded.

bench/enrichment_bench.py prints the time they add. The target of +25 % is not met yet (median +52 %
on 2026-12-02, +66 % for the code before the rules took the engine's columns and the finder's lighter
blocking and numbering, alternated at load 4-6; +55 % against +65 % the evening before, at load 12-16;
see the README); this test measured +36 % then. It asserts +100 %, with the best of
a few CPU-time runs: the linker before the column kernels and the bounded string metrics (+229 %)
fails it. It does not separate the last two steps (10 points apart, within this machine's noise).
"""

from __future__ import annotations

import csv
import io
import time

import pytest
from labelled_records import generate

from adapters.ai.enrichment_rules import enrichment_rules
from adapters.validation.csv_files import validate_csv
from domain.validation.report import ValidationReport

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


def _best_cpu_times(data: bytes, runs: int = 3) -> tuple[float, float, ValidationReport]:
    """The best CPU time without and with the rules, the two interleaved so that load hits both alike."""
    without, with_rules, report = float("inf"), float("inf"), None
    for _ in range(runs):
        started = time.process_time()
        validate_csv(io.BytesIO(data))
        without = min(without, time.process_time() - started)
        rules = enrichment_rules()
        started = time.process_time()
        report = validate_csv(io.BytesIO(data), extra_rules=rules)
        with_rules = min(with_rules, time.process_time() - started)
    assert report is not None
    return without, with_rules, report


def test_both_rules_compare_every_row_of_a_large_file_in_linear_time(
    hundred_thousand_rows: bytes,
) -> None:
    without, with_rules, report = _best_cpu_times(hundred_thousand_rows)

    ratio = (with_rules - without) / without
    print(f"enrichment adds {ratio:.0%} to validating {ROWS:,} rows")
    assert ratio <= 1.0, ratio
    outlier, near_duplicates = report.validations[-2:]
    assert [sample.row for sample in outlier.samples] == [70_002]
    assert near_duplicates.count > 1000  # the generator's duplicates, all rows compared
    assert "partial" not in near_duplicates.title
