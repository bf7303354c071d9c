"""Small .xlsx workbooks made in memory for tests (xlsxwriter, a dev dependency): never downloaded."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime

import xlsxwriter

Cell = str | int | float | bool | date | datetime | None


def workbook(sheets: dict[str, Sequence[Sequence[Cell]]]) -> bytes:
    """The bytes of a workbook with these sheets, in order; dates and datetimes are real date cells."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})  # a display format: the value stays a date
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime):
                    sheet.write_datetime(r, c, value, moment)
                elif isinstance(value, date):
                    sheet.write_datetime(r, c, value, day)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    return out.getvalue()
