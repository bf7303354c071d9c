"""The extension point for rules that look at whole rows (near duplicates, outliers, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.validation.report import Column, Validation


class RowRule(Protocol):
    """A rule fed every data row once, in file order, that reports when the file ends.

    `cells` are the raw cell strings of a row aligned with `columns` (missing cells are ""), and
    `row` is the record number with the header as row 1. A rule may also offer
    `observe_many(rows, records)`, fed a batch at once (see `observe_batch`), to skip a call per row,
    and `observe_columns(rows, columns)`, fed a batch as columns (see `observe_columns`): one sequence of
    cells per column, each as long as `rows`. The engine checks a batch column by column, so handing it
    over as columns spares turning it back into rows.
    """

    def start(self, columns: Sequence[Column]) -> None: ...

    def observe(self, row: int, cells: Sequence[str]) -> None: ...

    def finish(self) -> Validation: ...


def observe_columns(rule: RowRule, rows: Sequence[int], columns: Sequence[Sequence[str]]) -> None:
    """Feed a batch given as columns to `rule`: through its `observe_columns` if it has one, else as rows."""
    take_columns = getattr(rule, "observe_columns", None)
    if take_columns is not None:
        take_columns(rows, columns)
        return
    observe_batch(rule, rows, list(zip(*columns, strict=True)))


def observe_batch(rule: RowRule, rows: Sequence[int], records: Sequence[Sequence[str]]) -> None:
    """Feed a batch to `rule`: through its `observe_many` when it has one, else row by row."""
    observe_many = getattr(rule, "observe_many", None)
    if observe_many is not None:
        observe_many(rows, records)
        return
    for row, cells in zip(rows, records, strict=True):
        rule.observe(row, cells)
