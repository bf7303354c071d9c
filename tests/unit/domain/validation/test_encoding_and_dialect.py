from __future__ import annotations

import io

import pytest

from adapters.validation.csv_files import validate_csv
from domain.uploads.upload import OnError

from .conftest import rows_of, rule, validate_text

pytestmark = pytest.mark.unit


def test_utf8_with_bom_is_reported_and_stripped_from_the_header() -> None:
    report = validate_text("\ufeffid,name\n1,x\n")
    assert report.encoding == "utf-8-sig" and report.columns[0].source_name == "id"


def test_utf16_with_bom_is_decoded() -> None:
    report = validate_csv(io.BytesIO("id,name\n1,Pérez\n".encode("utf-16")))
    assert report.encoding in ("utf-16-le", "utf-16-be") and report.rows.valid == 1


def test_spanish_excel_export_is_cp1252_with_semicolons() -> None:
    data = "id;apellido;importe\n1;Pérez;12,50\n2;Núñez;3,00\n".encode("cp1252")
    source = io.BytesIO(data)
    report = validate_csv(source)
    assert (report.encoding, report.delimiter) == ("cp1252", ";")
    rows = rows_of(source, report, OnError.REJECT)
    assert rows[0].values[1] == "Pérez"


def test_invalid_bytes_are_an_error_at_their_row_never_replaced() -> None:
    data = "id,name\n1,Pérez\n2,ok\n".encode() + b"3,bad\xff\n"
    source = io.BytesIO(data)
    report = validate_csv(source)
    enc = rule(report, "encoding")
    assert report.encoding == "utf-8" and enc.is_blocking and enc.samples[0].row == 4
    assert enc.samples[0].value == "bad\\xff"
    assert [r.row for r in rows_of(source, report, OnError.SKIP)] == [2, 3]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_detected(delimiter: str) -> None:
    text = delimiter.join(["a", "b", "c"]) + "\n" + delimiter.join(["1", '"x, y; z"', "3"]) + "\n"
    assert validate_text(text).delimiter == delimiter


@pytest.mark.parametrize(
    ("tail", "value"),
    [
        ("3,E".encode("utf-16-le") + b"\x00\xd8" + "va\n".encode("utf-16-le"), "E\\x00\\xd8va"),
        ("3,Eva".encode("utf-16-le") + b"x", "Eva\\x78"),
    ],
    ids=["lone-surrogate", "odd-byte-count"],
)
def test_malformed_utf16_is_an_encoding_error_at_its_row(tail: bytes, value: str) -> None:
    data = "id,name\n1,Ana\n2,Luis\n".encode("utf-16") + tail
    source = io.BytesIO(data)
    report = validate_csv(source)
    enc = rule(report, "encoding")
    assert enc.is_blocking and enc.count == 1 and enc.samples[0].row == 4
    assert enc.samples[0].value is not None and enc.samples[0].value.endswith(value)
    assert [row.row for row in rows_of(source, report, OnError.SKIP)] == [2, 3]


def test_a_nul_deep_in_the_file_is_an_encoding_error_in_both_passes() -> None:
    body = "".join(f"{n},name {n}\n" for n in range(2, 2000))
    source = io.BytesIO(f"id,name\n{body}2000,A\x00na\n".encode())
    report = validate_csv(source)
    enc = rule(report, "encoding")
    assert enc.is_blocking and enc.count == 1 and enc.samples[0].row == 2000
    assert enc.samples[0].value == "A\\x00na"
    rows = rows_of(source, report, OnError.SKIP)
    assert len(rows) == 1998 and rows[-1].row == 1999
