"""Pass 2: the rows of a validated file as typed values, judged exactly as pass 1 judged them.

A row is invalid when it is broken, ragged or undecodable, when a cell is empty in a required column or
does not fit its column's (chosen) type, or when it repeats an earlier row. Duplicates come from pass 1's
`LoadPlan`; without one they are found again first (one more read of the file).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from domain.uploads.upload import OnError
from domain.validation.cell_types import ACCEPTS, EMPTY, classify, converter
from domain.validation.load_plan import LoadPlan, scan_duplicates
from domain.validation.reading import field_limit, open_records
from domain.validation.records import ParseFailure
from domain.validation.report import ColumnType, ValidationReport
from domain.validation.row_facts import has_undecodable, is_blank
from domain.validation.typed_row import CellValue, TypedRow

_CACHE_LIMIT = 1 << 16


def typed_batches(
    source: BinaryIO,
    report: ValidationReport,
    on_error: OnError,
    batch_size: int,
    max_field_chars: int,
    plan: LoadPlan | None = None,
) -> Iterator[list[TypedRow]]:
    if not report.columns or report.encoding is None or report.delimiter is None:
        return
    with field_limit(max_field_chars):
        if plan is None:
            _, numbered = open_records(source, report.encoding, report.delimiter, batch_size)
            plan = scan_duplicates(numbered)
        _, numbered = open_records(source, report.encoding, report.delimiter, batch_size)
        typer = _RowTyper(report, plan)
        keep_invalid = on_error is not OnError.SKIP
        out: list[TypedRow] = []
        for first_row, batch in numbered:
            for offset, record in enumerate(batch):
                typed = typer.type_row(first_row + offset, record)
                if typed is None:
                    continue
                values, valid = typed
                if valid or keep_invalid:
                    out.append(TypedRow(first_row + offset, values))
            if len(out) >= batch_size:
                yield out
                out = []
        if out:
            yield out


class _RowTyper:
    """Converts one record, and says whether pass 1 counted it valid."""

    def __init__(self, report: ValidationReport, plan: LoadPlan) -> None:
        comma_decimal = report.delimiter == ";"
        self.width = len(report.columns)
        self.comma_decimal = comma_decimal
        self.columns = [
            (
                ACCEPTS[column.type],
                column.required,
                column.type is ColumnType.STRING,
                converter(column.type, comma_decimal),
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
            cls = self._classes[value] = classify(value, self.comma_decimal)
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
