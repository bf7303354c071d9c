"""Both engines tell the rows they have judged, before each batch: a job's progress while validating,
never ahead of the checks (Arrow reads blocks ahead of them) nor above the report's final count."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest

from adapters.validation.arrow_csv_validator import ArrowCsvValidator
from adapters.validation.stdlib_csv_validator import StdlibCsvValidator
from domain.validation import engine
from domain.validation.engine import ValidationOptions
from domain.validation.report import Column, RuleStatus, Severity, Validation

pytestmark = pytest.mark.unit

ROWS = 10_000  # about 110 KB: some 27 batches of 4,096 characters (below) or of 4 KiB Arrow blocks
PLAIN = b"id,name\n" + b"".join(b"%d,n%d\n" % (i, i) for i in range(1, ROWS + 1))


@pytest.fixture(autouse=True)
def small_row_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """The row engine's smallest batches (4,096 characters) instead of its 256 K: as many batches in a
    file a tenth the size."""
    monkeypatch.setattr(engine, "BATCH_SIZE", 64)


class JudgedRows:
    """A row rule counting the rows the checker has handed it: what was really judged so far."""

    def __init__(self) -> None:
        self.rows = 0

    def start(self, columns: Sequence[Column]) -> None:
        self.rows = 0

    def observe(self, row: int, cells: Sequence[str]) -> None:
        self.rows += 1

    def finish(self) -> Validation:
        return Validation("judged", "Rows judged", Severity.INFO, RuleStatus.PASSED, self.rows)


def told_while_validating(
    validator: ArrowCsvValidator | StdlibCsvValidator, content: bytes
) -> tuple[list[tuple[int, int, int]], int]:
    """Each (rows told, rows judged, bytes read) as the engine told it, and the report's rows.total."""
    source, judged = io.BytesIO(content), JudgedRows()
    told: list[tuple[int, int, int]] = []
    report, _ = validator.validate(
        source,
        contract=None,
        options=ValidationOptions(),
        extra_rules=[judged],
        stop=lambda: False,
        checked=lambda rows: told.append((rows, judged.rows, source.tell())),
    )
    return told, report.rows.total


@pytest.mark.parametrize(
    "validator", [ArrowCsvValidator(block_bytes=4096), StdlibCsvValidator()], ids=["columnar", "rows"]
)
def test_the_rows_told_are_the_rows_judged_and_grow_below_the_total(
    validator: ArrowCsvValidator | StdlibCsvValidator,
) -> None:
    told, total = told_while_validating(validator, PLAIN)

    rows = [entry[0] for entry in told]
    assert all(rows_told == judged for rows_told, judged, _ in told)
    assert rows == sorted(rows) and 0 < max(rows) < total == ROWS
    assert len(set(rows)) > 3  # many batches, each told


def test_arrow_reads_ahead_of_the_rows_it_has_judged() -> None:
    """Why the read position was not a measure of the work: it led the checks."""
    validator = ArrowCsvValidator(block_bytes=4096)
    told, total = told_while_validating(validator, PLAIN)

    assert validator.columnar_reads == 1
    assert any(read / len(PLAIN) * total > rows_told + 1000 for rows_told, _, read in told)


@pytest.mark.parametrize(
    ("content", "validator"),
    [
        # Blank lines: counted as lines (rows expected), never as rows.
        (
            b"id,name\n" + b"".join(b"%d,n%d\n\n" % (i, i) for i in range(1, ROWS + 1)),
            ArrowCsvValidator(block_bytes=4096),
        ),
        # Quoted line breaks in every second row: two lines, one row (the row engine reads these).
        (
            b"id,note\n"
            + b"".join((b'%d,"a\nb"\n' if i % 2 else b"%d,ab\n") % i for i in range(1, ROWS + 1)),
            ArrowCsvValidator(block_bytes=4096),
        ),
    ],
    ids=["blank-lines", "multi-line-fields"],
)
def test_more_lines_than_rows_never_make_the_count_pass_the_total(
    content: bytes, validator: ArrowCsvValidator
) -> None:
    told, total = told_while_validating(validator, content)

    assert total == ROWS and content.count(b"\n") - 1 >= 1.5 * ROWS
    assert all(rows_told <= judged for rows_told, judged, _ in told)
    assert 0 < max(entry[0] for entry in told) < total
