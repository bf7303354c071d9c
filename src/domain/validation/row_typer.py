"""Typing one record a cell at a time: the exact reference pass 2 uses for odd rows.

Odd rows (broken, ragged, undecodable) are rare, so a per-cell `classify` costs nothing there; the column
converters (`column_converters`) give the same answers for regular rows in bulk.
"""

from __future__ import annotations

from domain.validation.cell_types import ACCEPTS, EMPTY, classify, converter
from domain.validation.load_plan import LoadPlan
from domain.validation.records import ParseFailure
from domain.validation.report import ColumnType, ValidationReport
from domain.validation.row_facts import has_undecodable, is_blank
from domain.validation.typed_row import CellValue

_CACHE_LIMIT = 1 << 16


class RowTyper:
    """Converts one record, and says whether pass 1 counted it valid."""

    def __init__(self, report: ValidationReport, plan: LoadPlan) -> None:
        locale = report.cell_locale
        self.width = len(report.columns)
        self.locale = locale
        self.columns = [
            (
                ACCEPTS[column.type],
                column.required,
                column.type is ColumnType.STRING,
                converter(column.type, locale),
            )
            for column in report.columns
        ]
        self.duplicates = plan.duplicate_rows
        self._classes: dict[str, int] = {}

    def _classify(self, value: str) -> int:
        cls = self._classes.get(value)
        if cls is None:
            if len(self._classes) > _CACHE_LIMIT:
                self._classes.clear()
            cls = self._classes[value] = classify(value, self.locale)
        return cls

    def type_row(self, row: int, record: list[str]) -> tuple[tuple[CellValue, ...], bool] | None:
        """None for a blank row (never loaded); else the values (invalid cells as None) and validity."""
        if isinstance(record, ParseFailure):
            return (None,) * self.width, False
        if is_blank(record):
            return None
        length = len(record)
        undecodable = has_undecodable(record)
        valid = length == self.width and not undecodable and row not in self.duplicates
        values: list[CellValue] = []
        for index, (accepted, required, is_string, convert) in enumerate(self.columns):
            if index >= length:
                values.append(None)
                continue
            value = record[index]
            cls = self._classify(value)
            if cls == EMPTY:
                valid = valid and not required
                values.append(None)
            elif cls not in accepted or (undecodable and has_undecodable((value,))):
                valid = False
                values.append(None)
            else:
                values.append(value if is_string else convert(value.strip()))
        return tuple(values), valid
