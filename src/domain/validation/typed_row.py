"""A data row converted to typed values, ready to be loaded."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import msgspec

CellValue = int | Decimal | bool | date | datetime | time | str | None


class TypedRow(msgspec.Struct, frozen=True, array_like=True):
    """One data row: its record number (header = row 1) and one value per column (None = NULL)."""

    row: int
    values: tuple[CellValue, ...]
