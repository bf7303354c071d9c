from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from adapters.sql.csv_copy import csv_rows
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.unit


def test_null_is_a_bare_marker_and_every_text_is_quoted() -> None:
    rows = [TypedRow(2, (None, "", "\\N", 'say "hi"', "a,b\nc"))]

    assert csv_rows("u-1", 5, rows) == b'"u-1",2,\\N,"","\\N","say ""hi""","a,b\nc"\n'


def test_values_are_written_as_the_database_reads_them_exactly() -> None:
    rows = [
        TypedRow(
            3,
            (
                123456789012345678,
                Decimal("1E-12"),
                Decimal("1234.50"),
                True,
                date(999, 1, 1),
                datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
                time(8, 30, 5),
            ),
        )
    ]

    line = csv_rows("u", 7, rows).decode()

    assert line == (
        '"u",3,123456789012345678,1E-12,1234.50,True,"0999-01-01","2024-05-01 12:00:00+00:00","08:30:05"\n'
    )


def test_a_row_with_the_wrong_number_of_values_is_refused() -> None:
    with pytest.raises(ValueError, match="row 5"):
        csv_rows("u", 1, [TypedRow(5, ("x", "y"))])
