from __future__ import annotations

import pytest

from adapters.validation.csv_files import iter_typed_rows, validate_csv, validate_csv_for_load
from domain.uploads.upload import OnError
from domain.validation import engine
from domain.validation.report import ColumnType

from .conftest import csv_bytes, rows_of, rule, validate_text

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


def test_one_bad_price_deep_in_the_file_is_one_type_error_at_its_row() -> None:
    prices = [f"{i % 500}.{i % 100:02d}" for i in range(20_000)]
    prices[9_998] = "invalid"  # row 10,000 (the header is row 1)
    source = csv_bytes("price,id\n" + "".join(f"{p},{i}\n" for i, p in enumerate(prices)))
    report = validate_csv(source)
    assert report.columns[0].type is ColumnType.DECIMAL
    errors = rule(report, "type-error")
    assert errors.count == 1 and [(s.row, s.value) for s in errors.samples] == [(10_000, "invalid")]
    assert report.rows.invalid == 1
    assert len(rows_of(source, report, OnError.SKIP)) == 19_999


def test_integers_with_one_decimal_late_are_decimals_without_errors() -> None:
    rows = "".join(f"{i}\n" for i in range(20_000)) + "2.5\n"
    report = validate_text("n\n" + rows)
    assert report.columns[0].type is ColumnType.DECIMAL
    assert rule(report, "type-error").count == 0 and report.rows.invalid == 0


def test_integers_with_one_word_late_stay_integers_with_one_error() -> None:
    report = validate_text("n\n" + "".join(f"{i}\n" for i in range(20_000)) + "none\n")
    assert report.columns[0].type is ColumnType.INTEGER
    assert rule(report, "type-error").samples[0].row == 20_002


def test_leading_zero_codes_stay_strings_in_a_long_file() -> None:
    rows = "".join(f"{i:05d}\n" for i in range(1, 10_000))
    assert column_types("zip\n" + rows) == [ColumnType.STRING]


@pytest.mark.parametrize("on_error", [OnError.SKIP, OnError.ACCEPT])
def test_pass_two_agrees_with_pass_one_on_a_messy_long_file(on_error: OnError) -> None:
    lines = [f"{i},{i % 97}.5,2024-01-{1 + i % 28:02d},{'y' if i % 2 else 'n'}" for i in range(12_000)]
    lines[3] = "3,abc,2024-02-30,maybe"  # three misfits in one row
    lines[6_000] = "6000,7.5"  # ragged
    lines[7_000] = lines[20]  # duplicate
    lines[9_000] = " 9000 , 1.5 ,2024-01-01, y "  # padded values still fit
    lines[11_000] = "11000,=1+1,2024-01-01,y"  # a formula in a decimal column
    source = csv_bytes("id,amount,day,ok\n" + "\n".join(lines) + "\n")
    report, plan = validate_csv_for_load(source)
    assert [c.type for c in report.columns] == [
        ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.DATE, ColumnType.BOOLEAN,
    ]  # fmt: skip
    assert report.rows.invalid == 4 and plan.duplicate_rows == frozenset({7_002})
    expected = report.rows.valid if on_error is OnError.SKIP else report.rows.total
    with_plan = [r for b in iter_typed_rows(source, report, on_error=on_error, plan=plan) for r in b]
    assert len(with_plan) == expected == len(rows_of(source, report, on_error))


def test_a_type_untracked_early_but_chosen_at_the_end_is_recounted_exactly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "BATCH_SIZE", 64)  # small batches: the early words dominate the first one
    source = csv_bytes("n\n" + "word\n" * 300 + "".join(f"{i}\n" for i in range(20_000)))
    report = validate_csv(source)
    assert report.columns[0].type is ColumnType.INTEGER
    assert rule(report, "type-error").count == 300 and report.rows.invalid == 300
    assert len(rows_of(source, report, OnError.SKIP)) == report.rows.valid == 20_000


def test_header_renames_map_a_source_header_onto_an_established_column() -> None:
    import io

    from adapters.validation.csv_files import validate_csv
    from domain.validation.engine import ValidationOptions
    from domain.validation.report import Column, ColumnType

    established = (
        Column("id", "id", ColumnType.INTEGER),
        Column("amount", "amount", ColumnType.DECIMAL),
    )
    source = io.BytesIO(b"id,importe\n1,10.5\n2,3.25\n")

    plain = validate_csv(source, established=established)
    renamed = validate_csv(
        source, established=established, options=ValidationOptions(header_renames=(("importe", "amount"),))
    )

    def mismatch(report):  # type: ignore[no-untyped-def]
        return next(v for v in report.validations if v.rule == "schema-mismatch")

    assert mismatch(plain).status == "failed"
    assert mismatch(renamed).status == "passed"
    assert [(c.name, c.source_name, c.type) for c in renamed.columns] == [
        ("id", "id", ColumnType.INTEGER),
        ("amount", "importe", ColumnType.DECIMAL),
    ]


def test_digits_are_ascii_and_decimals_keep_at_most_what_the_database_stores_exactly() -> None:
    import io

    from adapters.validation.csv_files import validate_csv
    from domain.validation.report import ColumnType

    arabic = "\u0662\u0660\u0662\u0664-01-01"  # "2024" written with Arabic-Indic digits
    rows = "".join(f"{i},{arabic},1.{'5' * 13}\n" for i in range(30))
    report = validate_csv(io.BytesIO(f"id,day,ratio\n{rows}".encode()))

    types = {column.name: column.type for column in report.columns}
    assert types == {"id": ColumnType.INTEGER, "day": ColumnType.STRING, "ratio": ColumnType.STRING}
