from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from tests.support.workbooks import workbook

from adapters.calamine_spreadsheet_reader import CalamineSpreadsheetReader
from application.errors import InvalidInput

pytestmark = pytest.mark.unit

BOOK = workbook(
    {
        "Sales": [
            ["id", "day", "at", "price", "paid", "note"],
            [1, date(2024, 3, 5), datetime(2024, 3, 5, 10, 30), 0.1, True, 'a,"quoted" note'],
            [2, date(2024, 12, 31), datetime(2024, 12, 31, 23, 59), 1234.5, False, None],
        ],
        "Other": [["x"], [7]],
    }
)


def as_csv(content: bytes, sheet: str | None = None) -> str:
    target = io.BytesIO()
    CalamineSpreadsheetReader().write_csv(io.BytesIO(content), target, sheet)
    return target.getvalue().decode("utf-8")


def test_the_first_sheet_becomes_csv_with_typed_cells_as_iso_and_exact_numbers() -> None:
    assert as_csv(BOOK).splitlines() == [
        "id,day,at,price,paid,note",
        '1,2024-03-05,2024-03-05T10:30:00,0.1,true,"a,""quoted"" note"',
        "2,2024-12-31,2024-12-31T23:59:00,1234.5,false,",
    ]


def test_a_sheet_is_chosen_by_name() -> None:
    assert as_csv(BOOK, "Other").splitlines() == ["x", "7"]


def test_an_unknown_sheet_is_invalid_input_naming_the_sheets() -> None:
    with pytest.raises(InvalidInput, match="Sales, Other"):
        as_csv(BOOK, "Nope")


def test_a_broken_workbook_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="cannot be read"):
        as_csv(b"PK\x03\x04[Content_Types].xml xl/ not really a zip")
