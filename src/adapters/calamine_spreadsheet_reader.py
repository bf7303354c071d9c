"""Workbooks read with python-calamine (Rust's calamine): fast, maintained, and it never runs macros."""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from python_calamine import CalamineError, CalamineWorkbook

from application.errors import InvalidInput
from domain.uploads.spreadsheet_cells import cell_text


class CalamineSpreadsheetReader:
    def write_csv(self, source: BinaryIO, target: BinaryIO, sheet: str | None) -> None:
        source.seek(0)
        try:
            workbook = CalamineWorkbook.from_filelike(source)
        except (CalamineError, ValueError) as error:
            raise InvalidInput(f"the workbook cannot be read: {error}") from error
        names = list(workbook.sheet_names)
        if not names:
            raise InvalidInput("the workbook has no sheet")
        if sheet is not None and sheet not in names:
            raise InvalidInput(f"the workbook has no sheet {sheet!r}; its sheets are {', '.join(names)}")
        try:
            rows = workbook.get_sheet_by_name(sheet if sheet is not None else names[0]).iter_rows()
            text = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)
            writer = csv.writer(text, lineterminator="\n")
            for row in rows:
                writer.writerow([cell_text(value) for value in row])
            text.detach()  # leaves `target` open for the caller
        except CalamineError as error:
            raise InvalidInput(f"the workbook cannot be read: {error}") from error
