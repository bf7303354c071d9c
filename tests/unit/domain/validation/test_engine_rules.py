from __future__ import annotations

from collections.abc import Sequence

import msgspec
import pytest

from domain.validation.engine import ValidationOptions
from domain.validation.report import Column, ColumnType, RuleStatus, Severity, Validation

from .conftest import rule, validate_text

pytestmark = pytest.mark.unit

ALL_RULES = [
    "encoding", "dialect", "empty-file", "parse-error", "blank-header", "duplicate-header",
    "schema-mismatch", "blank-row", "missing-cell", "extra-cell", "missing-value", "type-error",
    "constraint-error", "unique-error", "primary-key-error", "duplicate-row", "formula-injection",
]  # fmt: skip


def test_every_rule_is_listed_and_a_clean_file_passes_them_all() -> None:
    report = validate_text("id,name\n1,Ann\n2,Bob\n")
    assert [v.rule for v in report.validations] == ALL_RULES
    assert not report.has_errors
    assert all(v.status is RuleStatus.PASSED for v in report.validations)
    assert report.rows.total == 2 and report.rows.valid == 2


def test_empty_file_is_an_error_and_header_only_a_warning() -> None:
    empty = validate_text("")
    assert rule(empty, "empty-file").is_blocking
    header_only = validate_text("a,b\n")
    assert rule(header_only, "empty-file").severity is Severity.WARNING
    assert rule(header_only, "empty-file").status is RuleStatus.FAILED
    assert header_only.rows.total == 0 and [c.name for c in header_only.columns] == ["a", "b"]


def test_unterminated_quote_is_an_error_at_its_row_and_later_rows_are_read() -> None:
    report = validate_text('a,b\n1,"oops\n2,x\n3,y\n')
    failure = rule(report, "parse-error")
    assert failure.count == 1 and failure.samples[0].row == 2
    assert report.rows.total == 3 and report.rows.invalid == 1


def test_embedded_newlines_keep_later_row_numbers_right() -> None:
    report = validate_text('a,b\n1,"two\nlines"\n2,\n')
    assert rule(report, "missing-value").samples[0].row == 3


def test_field_over_the_limit_is_a_clear_error() -> None:
    options = ValidationOptions(max_field_chars=100)
    report = validate_text("a,b\n1," + "x" * 500 + "\n2,y\n", options=options)
    assert rule(report, "parse-error").samples[0].row == 2
    assert report.rows.valid == 1


def test_more_than_1024_columns_is_a_parse_error_not_a_crash() -> None:
    header = ",".join(f"c{i}" for i in range(1025))
    report = validate_text(header + "\n" + ",".join("1" * 1025) + "\n")
    assert rule(report, "parse-error").is_blocking
    assert "1025 columns" in rule(report, "parse-error").samples[0].message


def test_a_header_cell_longer_than_1024_characters_rejects_the_file_without_storing_it() -> None:
    report = validate_text("id," + "h" * 1025 + "\n1,2\n")

    assert rule(report, "parse-error").is_blocking
    assert "column 2" in rule(report, "parse-error").samples[0].message
    assert "h" * 1025 not in msgspec.json.encode(report).decode()
    assert report.columns == ()


def test_a_header_cell_of_1024_characters_is_fine() -> None:
    report = validate_text("id," + "h" * 1024 + "\n1,2\n")

    assert rule(report, "parse-error").count == 0
    assert report.columns[1].source_name == "h" * 1024


def test_headers_that_collide_after_normalising_are_an_error() -> None:
    report = validate_text("Name,name ,\n1,2,3\n")
    assert rule(report, "duplicate-header").count == 1
    assert rule(report, "blank-header").count == 1
    assert [c.name for c in report.columns] == ["name", "name_2", "column_3"]


def test_ragged_rows_are_missing_or_extra_cells() -> None:
    report = validate_text("a,b,c\n1,2\n1,2,3,4\n5,6,7\n")
    assert rule(report, "missing-cell").samples[0].row == 2
    assert rule(report, "extra-cell").samples[0].row == 3
    assert report.rows.invalid == 2


def test_blank_rows_are_warnings_and_not_counted() -> None:
    report = validate_text("a,b\n1,2\n\n,\n3,4\n")
    assert rule(report, "blank-row").count == 2
    assert report.rows.total == 2


def test_duplicate_rows_after_trimming_name_the_first_row() -> None:
    report = validate_text("a,b\n1,x\n2,y\n 1 ,x \n")
    dup = rule(report, "duplicate-row")
    assert dup.count == 1 and dup.samples[0].row == 4 and "row 2" in dup.samples[0].message
    assert report.rows.invalid == 1


def test_formula_cells_warn_but_negative_numbers_do_not() -> None:
    report = validate_text("a,b\n-12.5,=SUM(A1)\n3,@cmd\n")
    formula = rule(report, "formula-injection")
    assert formula.count == 2 and formula.severity is Severity.WARNING
    assert not report.has_errors


def test_missing_values_are_warnings_when_inferred_and_errors_when_required() -> None:
    inferred = validate_text("a,b\n1,x\n2,\n")
    assert rule(inferred, "missing-value").severity is Severity.WARNING
    assert [c.required for c in inferred.columns] == [True, False]
    schema = [Column("a", "a", ColumnType.INTEGER), Column("b", "b", ColumnType.STRING, required=True)]
    strict = validate_text("a,b\n1,x\n2,\n", established=schema)
    assert rule(strict, "missing-value").is_blocking and strict.rows.invalid == 1


def test_schema_mismatch_names_missing_and_extra_columns() -> None:
    schema = [Column("a", "a", ColumnType.INTEGER), Column("b", "b", ColumnType.STRING)]
    report = validate_text("a,c\n1,x\n", established=schema)
    mismatch = rule(report, "schema-mismatch")
    assert mismatch.count == 2 and mismatch.is_blocking
    assert rule(validate_text("a\n1\n"), "schema-mismatch").status is RuleStatus.PASSED


def test_established_types_make_misfits_errors() -> None:
    schema = [Column("a", "a", ColumnType.INTEGER)]
    report = validate_text("a\n" + "".join(f"{i}\n" for i in range(50)) + "x\n", established=schema)
    assert report.columns[0].type is ColumnType.INTEGER
    assert rule(report, "type-error").count == 1 and report.rows.invalid == 1


def test_extra_rules_see_every_data_row_and_report_last() -> None:
    class CountRows:
        def start(self, columns: object) -> None:
            self.rows: list[int] = []

        def observe(self, row: int, cells: object) -> None:
            self.rows.append(row)

        def finish(self) -> object:
            from domain.validation.report import Validation

            return Validation("row-count", "Rows", Severity.INFO, RuleStatus.PASSED, count=len(self.rows))

    counter = CountRows()
    report = validate_text("a\n" + "".join(f"{i}\n" for i in range(5000)), extra_rules=[counter])
    assert report.validations[-1].rule == "row-count" and counter.rows == list(range(2, 5002))


class RowWise:
    def __init__(self) -> None:
        self.rows: list[tuple[int, tuple[str, ...]]] = []
        self.column_batches = 0

    def start(self, columns: object) -> None: ...

    def observe(self, row: int, cells: Sequence[str]) -> None:
        self.rows.append((row, tuple(cells)))

    def finish(self) -> Validation:
        return Validation("seen", "Rows", Severity.INFO, RuleStatus.PASSED, count=len(self.rows))


class ColumnWise(RowWise):
    def observe_columns(self, rows: Sequence[int], columns: Sequence[Sequence[str]]) -> None:
        self.column_batches += 1
        self.rows.extend(zip(rows, zip(*columns, strict=True), strict=True))


def test_a_rule_taking_columns_gets_the_checked_columns_and_every_row_once() -> None:
    lines = [f"{i},n{i}" for i in range(9000)]
    odd = [*lines[:6000], "6000", *lines[6001:]]  # a short row: its batch reaches the rule as rows, padded
    for text, column_batches in ((lines, 1), (odd, 0)):
        columnar, row_by_row = ColumnWise(), RowWise()

        for recording in (columnar, row_by_row):
            validate_text("a,b\n" + "\n".join(text) + "\n", extra_rules=[recording])

        assert columnar.rows == row_by_row.rows
        assert len(columnar.rows) == 9000 and columnar.column_batches == column_batches
    assert row_by_row.rows[6000] == (6002, ("6000", ""))
