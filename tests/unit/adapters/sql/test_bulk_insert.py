from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from adapters.sql.bulk_insert import FastPath, fast_path, records
from domain.validation.report import Column, ColumnType
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("dialect", "path"),
    [("postgresql", FastPath.COPY), ("mssql", FastPath.ARRAY_BOUND), ("sqlite", FastPath.EXECUTEMANY)],
)
def test_each_dialect_takes_its_fast_path(dialect: str, path: FastPath) -> None:
    assert fast_path(dialect) is path


def test_records_lead_with_upload_and_row_then_values_in_column_order() -> None:
    columns = [Column("n", "n", ColumnType.INTEGER), Column("d", "d", ColumnType.DECIMAL)]

    assert records(41, columns, [TypedRow(2, (7, Decimal("1.50"))), TypedRow(3, (None, None))]) == [
        (41, 2, 7, Decimal("1.50")),
        (41, 3, None, None),
    ]


def test_staged_records_lead_with_the_row_and_still_take_naive_datetimes_as_utc() -> None:
    columns = [Column("s", "s", ColumnType.STRING), Column("at", "at", ColumnType.DATETIME)]

    rows = records(None, columns, [TypedRow(4, ("x", datetime(2025, 1, 1, 8, 0)))])

    assert rows == [(4, "x", datetime(2025, 1, 1, 8, 0, tzinfo=UTC))]


def test_naive_datetimes_are_taken_as_utc_and_aware_ones_keep_their_instant() -> None:
    columns = [Column("at", "at", ColumnType.DATETIME), Column("s", "s", ColumnType.STRING)]
    aware = datetime(2025, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=-5)))
    naive = datetime(2025, 1, 1, 8, 0)

    rows = records("u", columns, [TypedRow(2, (aware, "x")), TypedRow(3, (naive, "y"))])

    assert rows[0][2] == datetime(2025, 1, 1, 13, 0, tzinfo=UTC)
    assert rows[1][2] == datetime(2025, 1, 1, 8, 0, tzinfo=UTC) and rows[1][2].tzinfo is UTC
    assert rows[1][3] == "y" and rows[1][:2] == ("u", 3)


def test_a_row_with_the_wrong_number_of_values_is_refused() -> None:
    with pytest.raises(ValueError, match="row 5"):
        records("u", [Column("a", "a", ColumnType.STRING)], [TypedRow(5, ("x", "y"))])
