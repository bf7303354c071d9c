from __future__ import annotations

from collections.abc import Sequence

import pytest

from domain.enrichment.near_duplicate_finder import NearDuplicatePair
from domain.enrichment.near_duplicate_rule import DEFAULT_MAX_ROWS, NearDuplicateRowRule
from domain.validation.report import Column, ColumnType, RuleStatus, Severity, Validation

pytestmark = pytest.mark.unit

COLUMNS = [Column("name", "name", ColumnType.STRING), Column("address", "address", ColumnType.STRING)]


class RecordingFinder:
    """Pairs every record with the next one, and remembers what it was given."""

    def __init__(self) -> None:
        self.given: list[Sequence[str]] = []

    def __call__(self, records: Sequence[Sequence[str]]) -> list[NearDuplicatePair]:
        self.given = list(records)
        return [NearDuplicatePair(i, i + 1, 0.9) for i in range(len(records) - 1)]


def _run(rule: NearDuplicateRowRule, rows: list[list[str]]) -> Validation:
    rule.start(COLUMNS)
    for offset, cells in enumerate(rows):
        rule.observe(offset + 2, cells)
    return rule.finish()


def test_near_duplicates_are_reported_with_both_rows_and_the_score() -> None:
    rows = [
        ["Juan Pérez", "Av. Reforma 123"],
        ["Ana Ruiz", "Calle Alcalá 9"],
        ["juan perez", "Avenida Reforma #123"],
    ]

    result = _run(NearDuplicateRowRule(), rows)

    assert result.rule == "near-duplicate-row"
    assert result.severity is Severity.WARNING
    assert result.status is RuleStatus.FAILED
    assert result.count == 1
    (sample,) = result.samples
    assert sample.row == 4
    assert "rows 2 and 4" in sample.message
    assert "similarity 1.00" in sample.message


def test_exact_duplicates_after_trimming_are_left_to_the_duplicate_row_rule() -> None:
    rows = [["Juan Pérez", "Av. Reforma 123"], [" Juan Pérez ", "Av. Reforma 123 "], ["", ""]]

    result = _run(NearDuplicateRowRule(), rows)

    assert result.status is RuleStatus.PASSED
    assert result.count == 0


def test_distinct_rows_pass() -> None:
    rows = [["Juan Pérez", "Av. Reforma 123"], ["María Pérez", "Calle Hidalgo 5"]]

    assert _run(NearDuplicateRowRule(), rows).status is RuleStatus.PASSED


def test_the_finder_is_given_each_distinct_row_once() -> None:
    finder = RecordingFinder()

    _run(NearDuplicateRowRule(finder), [["a", "b"], ["a", "b"], ["c", "d"]])

    assert finder.given == [("a", "b"), ("c", "d")]


def test_a_pair_equal_once_trimmed_is_not_reported_whatever_the_finder_says() -> None:
    result = _run(NearDuplicateRowRule(RecordingFinder()), [["a ", "b"], ["a", " b"]])

    assert result.status is RuleStatus.PASSED


def test_beyond_max_rows_only_the_first_rows_are_compared_and_the_report_says_so() -> None:
    finder = RecordingFinder()
    rows = [[f"person {i}", "street"] for i in range(10)]

    result = _run(NearDuplicateRowRule(finder, max_rows=4, max_samples=3), rows)

    assert len(finder.given) == 4
    assert "first 4 rows checked" in result.title
    assert result.samples[0].row is None
    assert "checked the first 4 of 10 rows" in result.samples[0].message
    assert result.count == 3
    assert result.truncated is True
    assert len(result.samples) == 3


def test_the_rule_can_be_started_again_for_another_file() -> None:
    finder = RecordingFinder()
    rule = NearDuplicateRowRule(finder)
    _run(rule, [["a", "b"], ["c", "d"]])

    _run(rule, [["e", "f"], ["g", "h"]])

    assert finder.given == [("e", "f"), ("g", "h")]


def test_only_text_columns_are_compared() -> None:
    finder = RecordingFinder()
    columns = [Column("name", "name", ColumnType.STRING), Column("price", "price", ColumnType.INTEGER)]
    rule = NearDuplicateRowRule(finder)
    rule.start(columns)
    rule.observe(2, ["Juan", "10"])
    rule.observe(3, ["juan", "12"])

    rule.finish()

    assert finder.given == [("Juan",), ("juan",)]


def test_provisional_string_columns_of_numbers_and_dates_are_not_compared() -> None:
    # The engine starts row rules before types are known: every column arrives as `string`.
    finder = RecordingFinder()
    columns = [Column(name, name, ColumnType.STRING) for name in ("name", "price", "born", "email")]
    rule = NearDuplicateRowRule(finder)
    rule.start(columns)
    rule.observe(2, ["Juan Pérez", "10", "1990-01-02", "juan@x.es"])
    rule.observe(3, ["juan perez", "12.5", "1991-03-04", "JUAN@x.es"])

    rule.finish()

    assert finder.given == [("Juan Pérez", "juan@x.es"), ("juan perez", "JUAN@x.es")]


def test_a_re_entered_record_with_another_amount_is_found() -> None:
    columns = [Column("name", "name", ColumnType.STRING), Column("amount", "amount", ColumnType.STRING)]
    rule = NearDuplicateRowRule()
    rule.start(columns)
    rule.observe(2, ["Juan Pérez", "10"])
    rule.observe(3, ["juan perez", "12"])

    assert rule.finish().count == 1


def test_the_default_limit_is_five_thousand_rows() -> None:
    finder = RecordingFinder()
    rule = NearDuplicateRowRule(finder)
    rule.start(COLUMNS)
    for row in range(5_005):
        rule.observe(row + 2, [f"person {row}", "street"])

    result = rule.finish()

    assert len(finder.given) == DEFAULT_MAX_ROWS == 5_000
    assert result.samples[0].row is None
    assert "checked the first 5,000 of 5,005 rows" in result.samples[0].message


def test_a_cell_holding_the_unit_separator_does_not_break_the_row() -> None:
    finder = RecordingFinder()

    _run(NearDuplicateRowRule(finder), [["a\x1fb", "c"], ["d", "e"]])

    assert finder.given == [("a b", "c"), ("d", "e")]
