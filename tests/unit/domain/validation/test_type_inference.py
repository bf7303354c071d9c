from __future__ import annotations

from decimal import Decimal

import pytest

from domain.validation.report import ColumnType

from .conftest import rule, validate_text

pytestmark = pytest.mark.unit


def column_types(text: str) -> list[ColumnType]:
    return [c.type for c in validate_text(text).columns]


def test_each_type_is_inferred_from_its_values() -> None:
    text = (
        "i,d,b,dt,ts,s\n1,1.5,true,2024-01-31,2024-01-31T10:00:00Z,x\n"
        "-2,-0.5,No,2024-02-29,2024-02-01 10:00,y\n"
    )
    assert column_types(text) == [
        ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.BOOLEAN,
        ColumnType.DATE, ColumnType.DATETIME, ColumnType.STRING,
    ]  # fmt: skip


def test_one_bad_price_among_100_keeps_decimal_with_one_type_error() -> None:
    rows = "".join(f"{i}.25\n" for i in range(99)) + "invalid\n"
    report = validate_text("price\n" + rows)
    assert report.columns[0].type is ColumnType.DECIMAL
    errors = rule(report, "type-error")
    assert errors.count == 1 and errors.samples[0].row == 101 and errors.samples[0].value == "invalid"
    assert report.rows.invalid == 1


def test_too_many_misfits_make_the_column_string() -> None:
    assert column_types("a\n1\n2\nx\ny\n") == [ColumnType.STRING]


def test_leading_zeros_and_long_digit_ids_stay_strings() -> None:
    assert column_types("zip\n007\n010\n") == [ColumnType.STRING]
    assert column_types("phone\n1234567890123456\n1234567890123457\n") == [ColumnType.STRING]


def test_ones_and_zeros_are_integers_not_booleans() -> None:
    assert column_types("flag\n1\n0\n1\n") == [ColumnType.INTEGER]


def test_impossible_dates_are_not_dates() -> None:
    assert column_types("d\n2024-02-30\n2024-13-01\n") == [ColumnType.STRING]


def test_comma_decimals_only_when_the_delimiter_is_semicolon() -> None:
    report = validate_text("a;b\n1234,56;x\n-0,5;y\n")
    assert report.delimiter == ";" and report.columns[0].type is ColumnType.DECIMAL
    assert column_types('a,b\n"1234,56",x\n"2,5",y\n')[0] is ColumnType.STRING


def test_inference_over_many_batches_widens_when_values_change() -> None:
    rows = "".join(f"{i}\n" for i in range(3000)) + "".join(f"{i}.5\n" for i in range(3000))
    report = validate_text("n\n" + rows)
    assert report.columns[0].type is ColumnType.DECIMAL and report.rows.invalid == 0
    assert Decimal("1.5")  # decimal values keep exact representation, checked in typed rows tests
