from __future__ import annotations

from datetime import date, datetime, time

import pytest

from domain.uploads.content_sniffing import binary_content_reason, is_xlsx
from domain.uploads.spreadsheet_cells import cell_text

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("a,b", "a,b"),
        (1.0, "1"),
        (-42.0, "-42"),
        (0.1, "0.1"),
        (2.5, "2.5"),
        (1e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (True, "true"),
        (date(2024, 3, 5), "2024-03-05"),
        (datetime(2024, 3, 5, 10, 30, 15), "2024-03-05T10:30:15"),
        (time(8, 5), "08:05:00"),
    ],
)
def test_cells_keep_their_type_as_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_an_xlsx_head_is_not_refused_but_another_zip_is() -> None:
    xlsx = b"PK\x03\x04....[Content_Types].xml....PK\x03\x04..xl/workbook.xml"
    other = b"PK\x03\x04....report.docx..word/document.xml"
    assert is_xlsx(xlsx) and binary_content_reason(xlsx) is None
    assert not is_xlsx(other) and "ZIP" in (binary_content_reason(other) or "")
