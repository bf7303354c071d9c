"""A cell holding only spaces is an empty value on every path, so counts match a plain count."""

from __future__ import annotations

import pytest

from adapters.validation.csv_files import validate_csv
from domain.contracts.table_schema import schema_from_columns
from domain.uploads.upload import OnError
from domain.validation.engine import ValidationOptions
from domain.validation.report import Column, ColumnType

from .conftest import csv_bytes, rows_of, rule

pytestmark = pytest.mark.unit


def spaced_file(rows: int) -> tuple[str, int]:
    """Rows of an id and a code; every 7th code is blank, every 5th of those only spaces."""
    lines, blanks = [], 0
    for i in range(rows):
        code = f"c{i % 50}"
        if i % 7 == 0:
            code = "   " if i % 5 == 0 else ""
            blanks += 1
        lines.append(f"{i},{code}")
    return "id,code\n" + "\n".join(lines) + "\n", blanks


@pytest.mark.parametrize("rows", [40, 30_000])
def test_spaces_only_cells_count_as_empty_values(rows: int) -> None:
    text, blanks = spaced_file(rows)

    report = validate_csv(csv_bytes(text), options=ValidationOptions(max_samples=3))

    assert rule(report, "missing-value").count == blanks


def test_spaces_only_cells_in_a_required_column_invalidate_their_rows_in_both_passes() -> None:
    text, blanks = spaced_file(30_000)
    source = csv_bytes(text)
    established = (Column("id", "id", ColumnType.INTEGER), Column("code", "code", ColumnType.STRING, True))

    report = validate_csv(source, contract=schema_from_columns(established))

    assert rule(report, "missing-value").count == blanks == report.rows.invalid
    assert len(rows_of(source, report, OnError.SKIP)) == report.rows.valid
