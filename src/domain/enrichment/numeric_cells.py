"""Reads numeric and date cells as floats on one axis, so one set of statistics serves them all."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from domain.validation.report import ColumnType

_EPOCH = datetime(1970, 1, 1)

NUMERIC_TYPES = frozenset({ColumnType.INTEGER, ColumnType.DECIMAL})
TEMPORAL_TYPES = frozenset({ColumnType.DATE, ColumnType.DATETIME})


def parse_number(text: str) -> float | None:
    """A finite number, or None: cells that do not parse are the type-error rule's business."""
    cleaned = text.strip().replace("_", "")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        # A decimal comma ("12,5") is common in Spanish files; thousands separators are not guessed.
        if cleaned.count(",") != 1 or "." in cleaned:
            return None
        try:
            value = float(cleaned.replace(",", "."))
        except ValueError:
            return None
    return value if math.isfinite(value) else None


def parse_date(text: str) -> float | None:
    """Days since 0001-01-01 (date ordinal), or None."""
    try:
        return float(date.fromisoformat(text.strip()).toordinal())
    except ValueError:
        return None


def parse_datetime(text: str) -> float | None:
    """Seconds since 1970 (aware values in UTC, naive ones as written), or None."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return (moment - _EPOCH).total_seconds()


def format_number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def format_date(value: float) -> str:
    return date.fromordinal(max(1, round(value))).isoformat()


def format_datetime(value: float) -> str:
    return (_EPOCH + timedelta(seconds=round(value))).isoformat(sep=" ")


def reader_for(
    column_type: ColumnType,
) -> tuple[Callable[[str], float | None], Callable[[float], str]] | None:
    """The (parse, format) pair for a column type the outlier rule looks at, else None."""
    if column_type in NUMERIC_TYPES:
        return parse_number, format_number
    if column_type is ColumnType.DATE:
        return parse_date, format_date
    if column_type is ColumnType.DATETIME:
        return parse_datetime, format_datetime
    return None


def parse_column(column_type: ColumnType, texts: list[str], rows: list[int]) -> tuple[list[float], list[int]]:
    """The values of one column's cells that parse, with their rows; empty and bad cells are dropped.

    One C-level `map` per chunk when every cell is clean (the common case), cell by cell otherwise:
    about five times faster than parsing each cell on its own.
    """
    if "" in texts:  # empty cells are common; dropping them first keeps the fast path
        kept = [(text, row) for text, row in zip(texts, rows, strict=True) if text]
        texts, rows = [text for text, _ in kept], [row for _, row in kept]
    try:
        if column_type in NUMERIC_TYPES:
            values: list[float] = list(map(float, texts))
            if all(map(math.isfinite, values)):
                return values, rows
        elif column_type is ColumnType.DATE:
            return list(map(date.toordinal, map(date.fromisoformat, texts))), rows
    except ValueError:
        pass
    reader = reader_for(column_type)
    if reader is None:
        return [], []
    parse = reader[0]
    pairs = [
        (value, row) for text, row in zip(texts, rows, strict=True) if (value := parse(text)) is not None
    ]
    return [value for value, _ in pairs], [row for _, row in pairs]


def infer_type(texts: list[str], *, tolerance: float = 0.05) -> ColumnType | None:
    """DECIMAL, DATE or DATETIME when all but `tolerance` of the non-empty `texts` read as one, else None.

    For columns the engine could only call `string` when row rules start (types are inferred at the
    end of the file), so that numbers and dates in a new dataset are still judged.
    """
    present = [text for text in texts if text.strip()]
    if not present:
        return None
    for kind, parse in (
        (ColumnType.DECIMAL, parse_number),
        (ColumnType.DATE, parse_date),
        (ColumnType.DATETIME, parse_datetime),
    ):
        misfits = sum(1 for text in present if parse(text) is None)
        if misfits <= tolerance * len(present):
            return kind
    return None
