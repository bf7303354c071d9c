from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from adapters.validation.csv_files import validate_csv
from domain.uploads.upload import OnError

from .conftest import csv_bytes, rows_of

pytestmark = pytest.mark.unit

MESSY = (
    "id,price,ok,day,at,code\n"
    + "".join(f"{i},{i}.10,true,2024-01-0{1 + i % 9},2024-01-01T00:00:00Z,00{i}\n" for i in range(60))
    + "60,bad,yes,2024-01-01,2024-01-01 10:00,x\n"
    + "1,1.10,true,2024-01-02,2024-01-01T00:00:00Z,001\n"
    + "61,1.5\n"
    + '62,"oops\n'
)


def test_values_are_converted_to_python_types() -> None:
    source = csv_bytes("i,d,b,dt,ts,s\n7,-0.50,Sí,2024-01-31,2024-01-31T10:00:00+01:00,007\n")
    report = validate_csv(source)
    [row] = rows_of(source, report, OnError.REJECT)
    assert row.values[:4] == (7, Decimal("-0.50"), True, date(2024, 1, 31))
    assert row.values[4].utcoffset() is not None  # type: ignore[union-attr]
    assert row.values[5] == "007" and row.row == 2


@pytest.mark.parametrize(
    ("on_error", "expected"),
    [(OnError.SKIP, "valid"), (OnError.ACCEPT, "total"), (OnError.REJECT, "total")],
)
def test_each_on_error_agrees_with_the_report_counts(on_error: OnError, expected: str) -> None:
    source = csv_bytes(MESSY)
    report = validate_csv(source)
    assert report.rows.invalid == 4  # type error, duplicate, ragged, broken quote
    assert len(rows_of(source, report, on_error)) == getattr(report.rows, expected)


def test_accept_loads_invalid_cells_as_none() -> None:
    source = csv_bytes(MESSY)
    report = validate_csv(source)
    by_row = {row.row: row for row in rows_of(source, report, OnError.ACCEPT)}
    assert by_row[62].values[1] is None and by_row[62].values[0] == 60


def test_large_file_agrees_between_passes() -> None:
    lines = [f"{i},{i % 97}.5,{'x' if i % 1000 == 0 else i}" for i in range(20000)]
    lines[5000] = lines[10]  # a duplicate far from its first row
    source = csv_bytes("a,b,c\n" + "\n".join(lines) + "\n")
    report = validate_csv(source)
    assert report.rows.invalid >= 1
    assert len(rows_of(source, report, OnError.SKIP)) == report.rows.valid
