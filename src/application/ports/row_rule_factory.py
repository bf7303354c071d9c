"""Fresh row rules for each file (rules keep per-file state), shaped by the dataset's contract."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.contracts.table_schema import TableSchema
from domain.validation.row_rule import RowRule


class RowRuleFactory(Protocol):
    def __call__(self, contract: TableSchema | None = None, /) -> Sequence[RowRule]:
        """New rule instances for one file; `contract` (when the dataset has one) may switch or steer them."""
        ...


def no_rules(contract: TableSchema | None = None, /) -> Sequence[RowRule]:
    """The factory of an upload without extra rules."""
    return ()
