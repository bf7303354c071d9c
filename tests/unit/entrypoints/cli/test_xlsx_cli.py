"""`ingesta validate` and `ingesta upload` take .xlsx workbooks like CSV files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest
from tests.support.workbooks import workbook
from tests.unit.entrypoints.cli.test_upload_command import FakeService, upload_body

from entrypoints.cli.main import build_parser, main
from entrypoints.cli.upload_command import upload_command

pytestmark = pytest.mark.unit

SALES = [["id", "day", "price"], [1, date(2024, 3, 5), 10.5], [2, date(2024, 3, 6), 7]]


def book(tmp_path: Path) -> Path:
    path = tmp_path / "sales.xlsx"
    path.write_bytes(workbook({"Notes": [["text"], ["hi"], ["hi"]], "Sales": SALES}))
    return path


def test_validate_reads_the_first_sheet_or_the_named_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = book(tmp_path)

    first = main(["validate", str(path)])
    first_out = capsys.readouterr().out
    named = main(["validate", str(path), "--sheet", "Sales", "--json"])
    named_out = capsys.readouterr().out

    assert first == 1 and "duplicate-row" in first_out  # the Notes sheet repeats a row
    assert named == 0 and '"name":"day","source_name":"day","type":"date"' in named_out


def test_validate_names_the_sheets_when_the_sheet_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(book(tmp_path)), "--sheet", "Nope"]) == 2
    assert "Notes, Sales" in capsys.readouterr().err


def test_upload_sends_the_workbook_with_its_media_type_and_sheet(tmp_path: Path) -> None:
    service = FakeService(201, upload_body("loaded"))
    parsed = build_parser().parse_args(
        ["upload", str(book(tmp_path)), "--dataset", "sales", "--token", "t", "--sheet", "Sales"]
    )

    assert upload_command(parsed, transport=httpx.MockTransport(service)) == 0

    sent = service.requests[-1].read()
    assert b"spreadsheetml.sheet" in sent and b'name="sheet"\r\n\r\nSales' in sent
