"""Inference a person would agree with: most values fit, and the rest are few."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.validation.csv_files import validate_csv
from domain.uploads.upload import OnError
from domain.validation.report import ColumnType, Severity

from .conftest import csv_bytes, rows_of, rule, validate_text

pytestmark = pytest.mark.unit

SAMPLE = """id,nombre,precio,cantidad
1,Producto A,100.50,10
2,Producto B,200.00,5
3,Producto C,,8
4,Producto D,150.75,
5,Producto E,invalid,3
6,Producto A,100.50,10
"""


def test_the_sample_file_reports_the_bad_price_as_a_type_error() -> None:
    source = csv_bytes(SAMPLE)
    report = validate_csv(source)

    assert [c.type for c in report.columns] == [
        ColumnType.INTEGER, ColumnType.STRING, ColumnType.DECIMAL, ColumnType.INTEGER,
    ]  # fmt: skip
    errors = rule(report, "type-error")
    assert [(s.row, s.column, s.value) for s in errors.samples] == [(6, "precio", "invalid")]
    assert errors.is_blocking
    missing = rule(report, "missing-value")
    assert missing.count == 2 and missing.severity is Severity.WARNING
    assert [(s.row, s.column) for s in missing.samples] == [(4, "precio"), (5, "cantidad")]
    assert report.has_errors and report.rows.invalid == 1
    kept = rows_of(source, report, OnError.SKIP)
    assert [row.row for row in kept] == [2, 3, 4, 5, 7]
    assert kept[0].values[2] == Decimal("100.50")


def test_ten_prices_with_two_invalid_are_a_price_column_with_two_errors() -> None:
    prices = ["1.5", "2", "invalid", "3.25", "4", "5.5", "invalid", "6", "7.75", "8"]
    report = validate_text("price\n" + "\n".join(prices) + "\n")

    assert report.columns[0].type is ColumnType.DECIMAL
    assert [s.row for s in rule(report, "type-error").samples] == [4, 8]


def test_a_column_of_codes_stays_text_without_errors() -> None:
    report = validate_text("code\nA12\nB7\n0042\n17\nX9\n")

    assert report.columns[0].type is ColumnType.STRING
    assert rule(report, "type-error").count == 0


def test_a_fifth_of_words_in_a_long_column_keeps_it_text() -> None:
    values = [str(i) if i % 5 else f"w{i}" for i in range(50_000)]
    report = validate_text("n\n" + "\n".join(values) + "\n")

    assert report.columns[0].type is ColumnType.STRING
    assert rule(report, "type-error").count == 0


def test_more_than_a_quarter_of_misfits_is_text_even_when_they_are_few() -> None:
    assert validate_text("n\n1\n2\nx\n").columns[0].type is ColumnType.STRING
    assert validate_text("n\n1\n2\n3\nx\n").columns[0].type is ColumnType.INTEGER
