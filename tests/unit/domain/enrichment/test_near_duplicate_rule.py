from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import pytest

from domain.contracts.table_schema import parse_table_schema
from domain.enrichment.near_duplicate_finder import Evidence, NearDuplicates
from domain.enrichment.near_duplicate_rule import NearDuplicateRowRule
from domain.enrichment.near_duplicate_settings import NearDuplicateSettings, settings_from_contract
from domain.validation.report import Column, ColumnType, RuleStatus, Severity, Validation

pytestmark = pytest.mark.unit

COLUMNS = [Column(n, n, ColumnType.STRING) for n in ("id", "name", "address")]


class PairingFinder:
    """Pairs every distinct record with the next one, and remembers what it was given."""

    def __init__(self, *, partial: bool = False) -> None:
        self.kept: list[list[str]] = []
        self.compared: list[int] = []
        self.partial = partial

    def keep(self, records: Sequence[Sequence[str]]) -> None:
        self.kept.extend(list(cells) for cells in records)

    def keep_columns(self, columns: Sequence[Sequence[str]]) -> None:
        self.keep(list(zip(*columns, strict=True)))

    def record(self, index: int) -> list[str]:
        return self.kept[index]

    def find(self, columns: Sequence[int], *, max_pairs: int) -> NearDuplicates:
        self.compared = list(columns)
        distinct = [k for k, cells in enumerate(self.kept) if cells not in self.kept[:k]]
        pairs = list(pairwise(distinct))
        differ = tuple(columns[1:2])
        return NearDuplicates(
            first=[a for a, _ in pairs],
            second=[b for _, b in pairs],
            scores=[0.97] * len(pairs),
            evidence=[0] * len(pairs),
            patterns=[Evidence(agree=tuple(columns[:1]), differ=differ, equal=not differ)],
            partial=self.partial,
        )


def _run(rule: NearDuplicateRowRule, rows: list[list[str]]) -> Validation:
    rule.start(COLUMNS)
    for offset, cells in enumerate(rows):
        rule.observe(offset + 2, cells)
    return rule.finish()


def test_a_finding_names_both_rows_the_score_and_the_columns_that_agree_and_differ() -> None:
    result = _run(
        NearDuplicateRowRule(PairingFinder), [["1", "Juan", "Reforma 1"], ["2", "juan", "Reforma 2"]]
    )

    assert result.rule == "near-duplicate-row"
    assert result.severity is Severity.WARNING
    assert result.status is RuleStatus.FAILED
    (sample,) = result.samples
    assert (sample.row, sample.related_row, sample.score) == (3, 2, 0.97)
    assert (sample.agree, sample.differ) == (("id",), ("name",))
    assert "rows 2 and 3" in sample.message
    assert "agree: id; differ: name" in sample.message


def test_exact_duplicates_after_trimming_are_left_to_the_duplicate_row_rule() -> None:
    finder = PairingFinder()

    result = _run(
        NearDuplicateRowRule(lambda: finder, NearDuplicateSettings(identifying_columns=("id",))),
        [["1", "a ", "b"], ["1", "a", " b"], ["2", "c", "d"]],
    )

    assert result.count == 1  # rows 3 and 4, not rows 2 and 3
    assert [(s.related_row, s.row) for s in result.samples] == [(3, 4)]


def test_the_finder_keeps_every_row_given_and_compares_every_column() -> None:
    finder = PairingFinder()

    _run(NearDuplicateRowRule(lambda: finder), [["1", "a", "b"], ["1", "a", "b"], ["2", "c", "d"]])

    assert finder.kept == [["1", "a", "b"], ["1", "a", "b"], ["2", "c", "d"]]
    assert finder.compared == [0, 1, 2]


def test_a_declared_key_is_not_compared_and_rows_with_the_same_key_are_not_reported() -> None:
    finder = PairingFinder()
    rule = NearDuplicateRowRule(lambda: finder, NearDuplicateSettings(key_columns=("id",)))

    result = _run(rule, [["1", "Ana", "x"], ["1", "Ana", "y"], ["2", "Ana", "z"]])

    assert finder.compared == [1, 2]
    assert [(s.related_row, s.row) for s in result.samples] == [(3, 4)]


def test_identifying_columns_limit_the_comparison() -> None:
    finder = PairingFinder()

    _run(
        NearDuplicateRowRule(lambda: finder, NearDuplicateSettings(identifying_columns=("name",))),
        [["1", "a", "b"], ["2", "c", "d"]],
    )

    assert finder.compared == [1]


def test_a_switched_off_rule_keeps_nothing_and_passes() -> None:
    finder = PairingFinder()

    result = _run(
        NearDuplicateRowRule(lambda: finder, NearDuplicateSettings(enabled=False)),
        [["1", "a", "b"], ["2", "a", "c"]],
    )

    assert result.status is RuleStatus.PASSED
    assert finder.kept == []
    assert "switched off" in result.title


def test_a_finder_that_ran_out_of_budget_makes_the_result_partial() -> None:
    result = _run(
        NearDuplicateRowRule(lambda: PairingFinder(partial=True)), [["1", "a", "b"], ["2", "a", "c"]]
    )

    assert "partial result" in result.title
    assert "budget of 1,000,000 compared pairs ran out" in (result.samples[0].message or "")


def test_rows_beyond_the_limit_are_not_compared_and_the_report_says_so() -> None:
    finder = PairingFinder()
    rule = NearDuplicateRowRule(lambda: finder, NearDuplicateSettings(max_rows=2))

    result = _run(rule, [["1", "a", "b"], ["2", "c", "d"], ["3", "e", "f"]])

    assert len(finder.kept) == 2
    assert "compared the first 2 of 3 rows" in result.samples[0].message
    assert result.samples[0].row is None


def test_a_batch_keeps_what_row_by_row_observation_keeps_up_to_the_limit() -> None:
    rows = [["1", "a", "b"], ["2", "c", "d"], ["3", "e", "f"], ["4", "g", "h"]]
    one_by_one, batched = PairingFinder(), PairingFinder()
    expected = _run(NearDuplicateRowRule(lambda: one_by_one, NearDuplicateSettings(max_rows=3)), rows)
    rule = NearDuplicateRowRule(lambda: batched, NearDuplicateSettings(max_rows=3))
    rule.start(COLUMNS)
    rule.observe_many([2, 3], rows[:2])
    rule.observe_many([4, 5], rows[2:])

    assert rule.finish() == expected
    assert batched.kept == one_by_one.kept == rows[:3]


def test_only_the_shown_pairs_become_samples_and_the_count_covers_them_all() -> None:
    rows = [[str(i), "a", str(i)] for i in range(30)]

    result = _run(NearDuplicateRowRule(PairingFinder, max_samples=5), rows)

    assert result.count == 29
    assert result.truncated
    assert [sample.row for sample in result.samples] == [3, 4, 5, 6, 7]


def test_settings_follow_the_contract_switch_columns_and_primary_key() -> None:
    contract = parse_table_schema(
        '{"fields": [{"name": "id"}, {"name": "name"}], "primaryKey": ["id"],'
        ' "x-ingesta": {"nearDuplicates": {"enabled": false, "columns": ["name"]}}}'
    )

    settings = settings_from_contract(contract, max_rows=50)

    assert settings == NearDuplicateSettings(
        enabled=False, identifying_columns=("name",), key_columns=("id",), max_rows=50
    )
    assert settings_from_contract(None, max_rows=50) == NearDuplicateSettings(max_rows=50)


def test_the_kept_rows_are_let_go_once_the_rule_has_reported() -> None:
    made: list[PairingFinder] = []

    def new_finder() -> PairingFinder:
        made.append(PairingFinder())
        return made[-1]

    _run(NearDuplicateRowRule(new_finder), [["1", "a", "b"], ["2", "c", "d"]])

    assert len(made[1].kept) == 2  # the file's finder (the first was made with the rule)
    assert made[-1] is not made[1]
    assert made[-1].kept == []


def test_batches_given_as_columns_keep_what_row_by_row_observation_keeps_up_to_the_limit() -> None:
    rows = [["1", "a", "b"], ["2", "c", "d"], ["3", "e", "f"], ["4", "g", "h"]]
    one_by_one, by_columns = PairingFinder(), PairingFinder()
    expected = _run(NearDuplicateRowRule(lambda: one_by_one, NearDuplicateSettings(max_rows=3)), rows)
    rule = NearDuplicateRowRule(lambda: by_columns, NearDuplicateSettings(max_rows=3))
    rule.start(COLUMNS)
    rule.observe_columns([2, 3], [["1", "2"], ["a", "c"], ["b", "d"]])
    rule.observe_columns([4, 5], [["3", "4"], ["e", "g"], ["f", "h"]])

    assert rule.finish() == expected
    assert by_columns.kept == one_by_one.kept == rows[:3]
