from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal

import pytest

from adapters.validation.csv_files import iter_typed_rows, validate_csv
from domain.contracts.table_schema import TableSchema, parse_table_schema
from domain.uploads.upload import OnError
from domain.validation import engine
from domain.validation.report import ColumnType, RuleStatus, Severity, ValidationReport
from domain.validation.typed_row import TypedRow

from .conftest import csv_bytes, rule

pytestmark = pytest.mark.unit


def contract(*fields: dict[str, object], **top: object) -> TableSchema:
    return parse_table_schema(json.dumps({"fields": list(fields), **top}))


def check(text: str, schema: TableSchema) -> tuple[ValidationReport, list[TypedRow], list[TypedRow]]:
    """The report, the rows SKIP loads and the rows ACCEPT loads: pass 2 must agree with pass 1."""
    source = csv_bytes(text)
    report = validate_csv(source, contract=schema)
    kept = [
        row
        for batch in iter_typed_rows(source, report, on_error=OnError.SKIP, contract=schema)
        for row in batch
    ]
    every = [
        row
        for batch in iter_typed_rows(source, report, on_error=OnError.ACCEPT, contract=schema)
        for row in batch
    ]
    assert len(kept) == report.rows.valid
    assert len(every) == report.rows.total
    return report, kept, every


def failed_cells(report: ValidationReport, rule_id: str) -> list[tuple[int | None, str | None]]:
    return [(sample.row, sample.value) for sample in rule(report, rule_id).samples]


@pytest.mark.parametrize(
    ("constraints", "values", "failing"),
    [
        ({"minimum": 10}, ["5", "10", "11"], ["5"]),
        ({"maximum": 10}, ["5", "10", "11"], ["11"]),
        ({"enum": [1, 2]}, ["1", "2", "3"], ["3"]),
        ({"enum": ["1", "2"]}, ["1", "2", "3"], ["3"]),
    ],
)
def test_integer_constraints_fail_the_cells_that_break_them(
    constraints: dict[str, object], values: list[str], failing: list[str]
) -> None:
    schema = contract({"name": "n", "type": "integer", "constraints": constraints})

    report, kept, _ = check("n\n" + "\n".join(values) + "\n", schema)

    found = rule(report, "constraint-error")
    assert [sample.value for sample in found.samples] == failing
    assert next(iter(constraints)) in found.samples[0].message
    assert found.is_blocking
    assert [row.values[0] for row in kept] == [int(v) for v in values if v not in failing]


@pytest.mark.parametrize(
    ("constraints", "failing"),
    [
        ({"minLength": 3}, ["ab"]),
        ({"maxLength": 3}, ["abcd"]),
        ({"pattern": "[a-z]+"}, ["ab1"]),
        ({"enum": ["ab", "abc"]}, ["abcd", "ab1"]),
    ],
)
def test_string_constraints_fail_the_cells_that_break_them(
    constraints: dict[str, object], failing: list[str]
) -> None:
    schema = contract({"name": "s", "constraints": constraints})

    report, _, _ = check("s\nab\nabc\nabcd\nab1\n", schema)

    assert [sample.value for sample in rule(report, "constraint-error").samples] == failing


def test_date_and_number_bounds_are_read_as_their_type() -> None:
    schema = contract(
        {"name": "d", "type": "date", "constraints": {"minimum": "2024-01-01"}},
        {"name": "p", "type": "number", "constraints": {"maximum": 9.5}},
    )

    report, _, _ = check("d,p\n2023-12-31,1\n2024-01-01,9.50\n2024-06-01,9.51\n", schema)

    assert failed_cells(report, "constraint-error") == [(2, "2023-12-31"), (4, "9.51")]


def test_a_repeated_unique_value_names_both_rows() -> None:
    schema = contract({"name": "code", "constraints": {"unique": True}}, {"name": "x"})

    report, kept, _ = check("code,x\nA,1\nB,2\nA,3\n,4\n,5\n", schema)

    found = rule(report, "unique-error")
    assert found.count == 1 and found.samples[0].row == 4 and "row 2" in found.samples[0].message
    assert [row.row for row in kept] == [2, 3, 5, 6]  # missing values are never "repeated"


def test_a_repeated_primary_key_is_an_error_naming_both_rows() -> None:
    schema = contract({"name": "id", "type": "integer"}, {"name": "nombre"}, primaryKey="id")

    report, _, _ = check("id,nombre\n1,A\n2,B\n1,C\n", schema)

    found = rule(report, "primary-key-error")
    assert found.count == 1 and found.samples[0].row == 4 and "row 2" in found.samples[0].message
    assert report.rows.invalid == 1


def test_a_compound_primary_key_compares_typed_values() -> None:
    schema = contract(
        {"name": "a", "type": "integer"},
        {"name": "b", "type": "number"},
        {"name": "c"},
        primaryKey=["a", "b"],
    )

    report, _, _ = check("a,b,c\n1,2.0,x\n1,2.00,y\n1,3,z\n", schema)

    assert failed_cells(report, "primary-key-error") == [(3, "1, 2.00")]


def test_missing_values_are_errors_only_where_required() -> None:
    schema = contract({"name": "a", "constraints": {"required": True}}, {"name": "b", "type": "integer"})

    report, kept, _ = check("a,b\nx,1\n,2\ny,\n", schema)

    missing = rule(report, "missing-value")
    assert missing.severity is Severity.ERROR and missing.count == 2
    assert [sample.message for sample in missing.samples] == ["required value is empty", "empty value"]
    assert [row.row for row in kept] == [2, 4]


def test_custom_missing_values_define_what_is_empty() -> None:
    schema = contract({"name": "n", "type": "integer"}, {"name": "k"}, missingValues=["", "NA", "n/a"])

    report, _, every = check("n,k\n1,a\nNA,b\nn/a,c\n   ,d\nx,e\n", schema)

    assert rule(report, "missing-value").count == 3
    assert failed_cells(report, "type-error") == [(6, "x")]
    assert [row.values[0] for row in every] == [1, None, None, None, None]


def test_a_format_pattern_reads_day_first_dates() -> None:
    schema = contract({"name": "fecha", "type": "date", "format": "%d/%m/%Y"})

    report, kept, _ = check("fecha\n31/12/2024\n2024-12-31\n", schema)

    assert failed_cells(report, "type-error") == [(3, "2024-12-31")]
    assert kept[0].values == (date(2024, 12, 31),)


def test_decimal_and_group_chars_give_exact_numbers() -> None:
    schema = contract({"name": "importe", "type": "number", "decimalChar": ",", "groupChar": "."})

    report, kept, _ = check('importe\n"1.234,56"\n"12,5"\n3.5x\n', schema)

    assert [row.values[0] for row in kept] == [Decimal("1234.56"), Decimal("12.5")]
    assert failed_cells(report, "type-error") == [(4, "3.5x")]


def test_true_and_false_values_are_the_ones_the_field_lists() -> None:
    schema = contract({"name": "activo", "type": "boolean", "trueValues": ["sí"], "falseValues": ["no"]})

    report, kept, _ = check("activo\nsí\nno\ntrue\n", schema)

    assert [row.values[0] for row in kept] == [True, False]
    assert failed_cells(report, "type-error") == [(4, "true")]


def test_times_are_their_own_type() -> None:
    schema = contract(
        {"name": "hora", "type": "time"}, {"name": "llegada", "type": "time", "format": "%H.%M"}
    )

    report, kept, _ = check("hora,llegada\n10:30:00,10.30\n25:00:00,10:30\n10:30,10.30\n", schema)

    assert report.columns[0].type is ColumnType.TIME
    assert kept[0].values == (time(10, 30), time(10, 30))
    assert failed_cells(report, "type-error") == [(3, "25:00:00"), (3, "10:30"), (4, "10:30")]


def test_plain_fields_keep_the_fast_checks_and_the_report_says_required() -> None:
    schema = contract(
        {"name": "id", "type": "integer", "constraints": {"required": True}}, {"name": "p", "type": "number"}
    )

    report, kept, _ = check("id,p\n1,2.5\n,3\nx,4\n", schema)

    assert [(c.type, c.required) for c in report.columns] == [
        (ColumnType.INTEGER, True),
        (ColumnType.DECIMAL, False),
    ]
    assert rule(report, "missing-value").is_blocking
    assert failed_cells(report, "type-error") == [(4, "x")]
    assert [row.values for row in kept] == [(1, Decimal("2.5"))]


def test_every_new_rule_is_listed_passed_on_a_clean_file() -> None:
    schema = contract({"name": "id", "type": "integer", "constraints": {"unique": True}}, primaryKey=["id"])

    report, _, _ = check("id\n1\n2\n", schema)

    for rule_id in ("constraint-error", "unique-error", "primary-key-error"):
        assert rule(report, rule_id).status is RuleStatus.PASSED


def test_ragged_and_odd_rows_are_judged_by_the_contract_in_both_passes() -> None:
    schema = contract({"name": "a", "type": "boolean"}, {"name": "b", "constraints": {"maxLength": 1}})

    report, kept, every = check("a,b\ntrue,x\nfalse,yy,extra\n1\nmaybe,z\n\n0,q\n", schema)

    assert failed_cells(report, "type-error") == [(5, "maybe")]
    assert failed_cells(report, "constraint-error") == [(3, "yy")]
    assert [row.row for row in kept] == [2, 7]
    assert [row.values for row in every if row.row == 5] == [(None, "z")]


def test_an_empty_primary_key_is_a_primary_key_error() -> None:
    schema = contract({"name": "id", "type": "integer"}, {"name": "x"}, primaryKey="id")

    report, kept, _ = check("id,x\n1,a\n,b\n", schema)

    assert failed_cells(report, "primary-key-error") == [(3, "")]
    assert "is empty" in rule(report, "primary-key-error").samples[0].message
    assert [row.row for row in kept] == [2]


def test_a_long_unique_column_finds_a_repeat_after_many_distinct_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Scaled down: the row engine's smallest batches (4,096 characters, some 600 rows here) stand in for
    # its 256 K, so 3,000 distinct codes span several batches before the repeat, as 70,000 did.
    monkeypatch.setattr(engine, "BATCH_SIZE", 64)
    codes = [f"c{i}" for i in range(3_000)] + ["c5", "z"]
    schema = contract({"name": "code", "constraints": {"unique": True, "maxLength": 6}}, {"name": "x"})

    report, kept, _ = check("code,x\n" + "".join(f"{code},1\n" for code in codes), schema)

    assert failed_cells(report, "unique-error") == [(3_002, "c5")]
    assert "row 7" in rule(report, "unique-error").samples[0].message
    assert len(kept) == 3_001 and kept[-1].values == ("z", "1")
