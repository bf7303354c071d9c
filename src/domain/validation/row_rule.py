"""The extension point for rules that look at whole rows (near duplicates, outliers, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.validation.report import Column, Validation


class RowRule(Protocol):
    """A rule fed every data row once, in file order, that reports when the file ends.

    `cells` are the raw cell strings of a row aligned with `columns` (missing cells are ""), and
    `row` is the record number with the header as row 1.
    """

    def start(self, columns: Sequence[Column]) -> None: ...

    def observe(self, row: int, cells: Sequence[str]) -> None: ...

    def finish(self) -> Validation: ...
