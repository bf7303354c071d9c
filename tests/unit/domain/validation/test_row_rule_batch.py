from __future__ import annotations

from collections.abc import Sequence

import pytest

from domain.validation.report import Column, RuleStatus, Severity, Validation
from domain.validation.row_rule import observe_batch

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
