"""Spanish exports and other conventions: decimal comma with dot thousands, slash dates, sí/no."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from adapters.validation.csv_files import validate_csv
from domain.contracts.table_schema import schema_from_columns
from domain.uploads.upload import OnError
from domain.validation.cell_types import C_BOOL, C_DATE, C_DEC, C_INT, C_TEXT, classify
from domain.validation.column_scan import CLASS_COUNT, ColumnScanner
from domain.validation.engine import ValidationOptions
from domain.validation.locale_detection import detect_locale
from domain.validation.report import CellLocale, ColumnType

from .conftest import csv_bytes, rows_of, rule, validate_text

pytestmark = pytest.mark.unit

SPANISH = CellLocale(comma_decimal=True, group_dot=True, day_first=True)


def test_the_spanish_export_loads_real_dates_and_exact_amounts() -> None:
    source = csv_bytes("fecha;importe;cantidad\n31/12/2024;1.234,56;3\n")
    report = validate_csv(source)

    assert [c.type for c in report.columns] == [ColumnType.DATE, ColumnType.DECIMAL, ColumnType.INTEGER]
    assert rows_of(source, report, OnError.SKIP)[0].values == (date(2024, 12, 31), Decimal("1234.56"), 3)


def test_grouped_amounts_in_a_long_spanish_file_agree_in_both_passes() -> None:
    lines = [
        f"{1 + i % 28:02d}/{1 + i % 12:02d}/2024;{(i + 1000) // 1000}.{i % 1000:03d},{i % 100:02d};{i}"
        for i in range(9000)
    ]
    lines[0] = "13/01/2024;0,50;0"  # a day above 12 settles the order; a small amount has no group
    lines[5000] = "31/02/2024;1.2,5;x"  # no such day, a bad group
    source = csv_bytes("fecha;importe;n\n" + "\n".join(lines) + "\n")
    report = validate_csv(source)

    assert [c.type for c in report.columns] == [ColumnType.DATE, ColumnType.DECIMAL, ColumnType.INTEGER]
    assert [(s.row, s.value) for s in rule(report, "type-error").samples] == [
        (5002, "31/02/2024"), (5002, "1.2,5"), (5002, "x"),
    ]  # fmt: skip
    rows = rows_of(source, report, OnError.SKIP)
    assert len(rows) == report.rows.valid == 8999
    assert rows[1].values[:2] == (date(2024, 2, 2), Decimal("1001.01"))
    assert rows[-1].values[1] == Decimal("9999.99")


@pytest.mark.parametrize(
    ("sample", "delimiter", "dataset_locale", "expected"),
    [
        ("d\n31/12/2024\n", ",", None, CellLocale(day_first=True)),
        ("d\n12/31/2024\n", ",", None, CellLocale(day_first=False)),
        ("d\n12/31/2024\n31/12/2024\n", ",", None, CellLocale(day_first=None)),
        ("d\n01/02/2024\n", ",", None, CellLocale(day_first=True)),
        ("d\n01/02/2024\n", ",", "en-US", CellLocale(day_first=False)),
        ("a;b\n1.234,56;x\n", ";", None, SPANISH),
        ("a;b\n1.234,56;12.50\n", ";", None, CellLocale(comma_decimal=True, day_first=True)),
        ('a,b\n"1.234,56",x\n', ",", None, CellLocale(day_first=True)),
    ],
)
def test_the_file_settles_its_conventions_and_the_locale_breaks_ties(
    sample: str, delimiter: str, dataset_locale: str | None, expected: CellLocale
) -> None:
    assert detect_locale(sample, delimiter, dataset_locale) == expected


def test_ambiguous_slash_dates_follow_the_dataset_locale() -> None:
    text = "d\n01/02/2024\n03/04/2024\n"
    us = validate_csv(csv_bytes(text), options=ValidationOptions(locale="en-US"))
    source = csv_bytes(text)
    spanish = validate_csv(source)

    assert us.columns[0].type is spanish.columns[0].type is ColumnType.DATE
    assert rows_of(source, spanish, OnError.SKIP)[0].values == (date(2024, 2, 1),)
    assert rows_of(csv_bytes(text), us, OnError.SKIP)[0].values == (date(2024, 1, 2),)


def test_a_file_that_writes_both_orders_keeps_slash_dates_as_text() -> None:
    assert validate_text("d\n12/31/2024\n31/12/2024\n").columns[0].type is ColumnType.STRING


@pytest.mark.parametrize("word", ["sí", "No", "S", "n", "verdadero", "FALSO", "si"])
def test_spanish_yes_and_no_are_booleans(word: str) -> None:
    assert classify(word, SPANISH) == C_BOOL


def test_a_spanish_boolean_column_is_boolean() -> None:
    source = csv_bytes("activo\nsí\nno\nS\nN\nverdadero\nfalso\n")
    report = validate_csv(source)

    assert report.columns[0].type is ColumnType.BOOLEAN
    assert [row.values[0] for row in rows_of(source, report, OnError.SKIP)] == [True, False] * 3


@pytest.mark.parametrize(
    ("value", "cls"),
    [("1.234,56", C_DEC), ("1.234", C_INT), ("12.50", C_TEXT), ("0.234", C_TEXT), ("1234,5", C_DEC),
     ("31/12/2024", C_DATE), ("1/2/2024", C_DATE), ("31/02/2024", C_TEXT), ("007", C_TEXT)],
)  # fmt: skip
def test_classify_reads_a_grouped_day_first_file(value: str, cls: int) -> None:
    assert classify(value, SPANISH) == cls


@pytest.mark.parametrize("route", range(5))
def test_every_scan_route_agrees_with_classify_in_a_spanish_file(route: int) -> None:
    scanner = ColumnScanner(SPANISH)
    columns = [
        tuple(f"{i}.{i:03d},5" for i in range(1, 100)),
        (*tuple(f"{i}.{i % 10}{i % 10}{i % 10}" for i in range(1, 100)), "0.234", "0.5", "1.2.3"),
        (*tuple(f"{1 + i % 28}/{1 + i % 12}/2024" for i in range(100)), "31/02/2024", "1/2/2024 10:00"),
        tuple(f"{1 + i % 28:02d}/01/2024" for i in range(100)),
    ]
    for cells in columns:
        for shape in (None, C_INT, C_DEC, C_DATE, C_TEXT):
            scan, _ = scanner.scan(cells, shape, route)
            counts = [0] * CLASS_COUNT
            for cls, rows in Counter(classify(cell, SPANISH) for cell in cells).items():
                counts[cls] = rows
            assert scan.counts == counts, (cells[:3], shape)


def test_next_months_day_first_file_fits_a_dataset_whose_column_is_a_date() -> None:
    first = validate_csv(csv_bytes("fecha,importe\n2024-11-30,10.5\n2024-11-29,3\n"))
    contract = schema_from_columns(first.columns)
    source = csv_bytes("fecha;importe\n31/12/2024;1.234,56\n01/12/2024;7\n")

    report = validate_csv(source, contract=contract)

    assert not report.has_errors
    assert [row.values for row in rows_of(source, report, OnError.SKIP)] == [
        (date(2024, 12, 31), Decimal("1234.56")), (date(2024, 12, 1), Decimal(7)),
    ]  # fmt: skip
