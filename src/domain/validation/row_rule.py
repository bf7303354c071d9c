"""The extension point for rules that look at whole rows (near duplicates, outliers, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.validation.report import Column, Validation


class RowRule(Protocol):
    """A rule fed every data row once, in file order, that reports when the file ends.

    `cells` are the raw cell strings of a row aligned with `columns` (missing cells are ""), and
    `row` is the record number with the header as row 1. A rule may also offer
    `observe_many(rows, records)`, fed a batch at once (see `observe_batch`), to skip a call per row.
    """

    def start(self, columns: Sequence[Column]) -> None: ...

    def observe(self, row: int, cells: Sequence[str]) -> None: ...

    def finish(self) -> Validation: ...


def observe_batch(rule: RowRule, rows: Sequence[int], records: Sequence[Sequence[str]]) -> None:
    """Feed a batch to `rule`: through its `observe_many` when it has one, else row by row."""
    observe_many = getattr(rule, "observe_many", None)
    if observe_many is not None:
        observe_many(rows, records)
        return
    for row, cells in zip(rows, records, strict=True):
        rule.observe(row, cells)
