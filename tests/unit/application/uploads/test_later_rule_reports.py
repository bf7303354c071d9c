"""A row rule whose report waits for the load is still fed the way the engines feed it: by columns when it
takes them, instead of rows rebuilt from those columns."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from application.uploads.later_rule_reports import LaterRuleReports
from domain.validation.report import Column, RuleStatus, Severity, Validation
from domain.validation.row_rule import observe_columns

pytestmark = pytest.mark.unit


class _ColumnRule:
    def __init__(self) -> None:
        self.fed: list[str] = []

    def start(self, columns: Sequence[Column]) -> None:
        pass

    def observe(self, row: int, cells: Sequence[str]) -> None:
        self.fed.append("row")

    def observe_columns(self, rows: Sequence[int], columns: Sequence[Sequence[str]]) -> None:
        self.fed.append("columns")

    def finish(self) -> Validation:
        return Validation("columns", "fed by columns", Severity.WARNING, RuleStatus.PASSED)


def test_a_wrapped_rule_that_takes_columns_gets_columns() -> None:
    rule = _ColumnRule()
    (wrapped,) = LaterRuleReports().wrap([rule])

    observe_columns(wrapped, [2, 3], [["a", "b"], ["1", "2"]])

    assert rule.fed == ["columns"]
