from __future__ import annotations

from collections.abc import Sequence

import pytest

from domain.validation.report import Column, RuleStatus, Severity, Validation
from domain.validation.row_rule import observe_batch, observe_columns

pytestmark = pytest.mark.unit


class RowByRow:
    def __init__(self) -> None:
        self.seen: list[tuple[int, Sequence[str]]] = []

    def start(self, columns: Sequence[Column]) -> None: ...

    def observe(self, row: int, cells: Sequence[str]) -> None:
        self.seen.append((row, cells))

    def finish(self) -> Validation:
        return Validation("x", "x", Severity.WARNING, RuleStatus.PASSED)


class Batched(RowByRow):
    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[int]] = []

    def observe_many(self, rows: Sequence[int], records: Sequence[Sequence[str]]) -> None:
        self.batches.append(list(rows))


def test_a_rule_without_a_batch_method_sees_each_row() -> None:
    rule = RowByRow()

    observe_batch(rule, [2, 3], [["a"], ["b"]])

    assert rule.seen == [(2, ["a"]), (3, ["b"])]


def test_a_rule_with_a_batch_method_gets_the_batch_in_one_call() -> None:
    rule = Batched()

    observe_batch(rule, [2, 3], [["a"], ["b"]])

    assert rule.batches == [[2, 3]]
    assert rule.seen == []


class Columnar(Batched):
    def __init__(self) -> None:
        super().__init__()
        self.columns: list[tuple[list[int], list[list[str]]]] = []

    def observe_columns(self, rows: Sequence[int], columns: Sequence[Sequence[str]]) -> None:
        self.columns.append((list(rows), [list(cells) for cells in columns]))


def test_a_rule_with_a_column_method_gets_the_batch_as_columns_in_one_call() -> None:
    rule = Columnar()

    observe_columns(rule, [2, 3], [["a", "b"], ["x", "y"]])

    assert rule.columns == [([2, 3], [["a", "b"], ["x", "y"]])]
    assert rule.batches == [] and rule.seen == []


def test_a_rule_without_a_column_method_gets_the_columns_as_rows() -> None:
    batched, row_by_row = Batched(), RowByRow()

    observe_columns(batched, [2, 3], [["a", "b"], ["x", "y"]])
    observe_columns(row_by_row, [2, 3], [["a", "b"], ["x", "y"]])

    assert batched.batches == [[2, 3]]
    assert [(row, list(cells)) for row, cells in row_by_row.seen] == [(2, ["a", "x"]), (3, ["b", "y"])]
