"""The text of a spreadsheet cell, so a workbook reads as the CSV file the validation already judges.

Typed cells keep their meaning: a date becomes ISO `YYYY-MM-DD`, a datetime ISO `YYYY-MM-DDTHH:MM:SS`,
a number its shortest exact decimal text (`repr` of the float), an integral number no `.0`, a boolean
`true`/`false`; so a date column reads as a date and a number column as numbers, whatever the cell's
display format was.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _number_text(value: float) -> str:
    # repr is the shortest text that reads back as the same float; Decimal writes it without exponent.
    if not math.isfinite(value):
        return repr(value)
    exact = Decimal(repr(value))
    if exact == exact.to_integral_value():
        return str(int(exact))
    return format(exact, "f")
