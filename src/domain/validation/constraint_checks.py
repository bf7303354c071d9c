"""A field's value constraints (all but `required` and `unique`, which need the rows around them).

Bounds and enum members are read with the field's own reader, as frictionless does: `"minimum": "2024-01-01"`
on a date field is a date, `"enum": ["1", "2"]` on an integer field holds integers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

from domain.contracts.table_schema import Field, FieldType
from domain.validation.field_readers import FITS, FieldReader
from domain.validation.typed_row import CellValue

_CANONICAL: dict[FieldType, Callable[[str], CellValue]] = {
    FieldType.INTEGER: int,
    FieldType.NUMBER: Decimal,
    FieldType.DATE: date.fromisoformat,
    FieldType.DATETIME: datetime.fromisoformat,
    FieldType.TIME: time.fromisoformat,
}
Check = Callable[[str, CellValue], str | None]  # (text, value) -> the failed constraint's message
BulkCheck = Callable[[list[str], list[CellValue]], bool]  # (present texts, their values) -> all meet it


def constraint_checks(field: Field, reader: FieldReader) -> tuple[list[Check], list[BulkCheck]]:
    """The checks of `field`'s constraints, each answering None or why the value breaks it, and the same
    checks over a batch's present cells at once: True only when every cell meets the constraint."""
    limits = field.constraints
    checks: list[Check] = []
    bulk: list[BulkCheck] = []
    if limits.minLength is not None:
        least = limits.minLength
        checks.append(lambda text, _: None if len(text) >= least else f'constraint "minLength" is {least}')
        bulk.append(lambda texts, _: min(map(len, texts)) >= least)
    if limits.maxLength is not None:
        most = limits.maxLength
        checks.append(lambda text, _: None if len(text) <= most else f'constraint "maxLength" is {most}')
        bulk.append(lambda texts, _: max(map(len, texts)) <= most)
    if limits.pattern is not None:
        written, pattern = limits.pattern, re.compile(limits.pattern)
        checks.append(
            lambda text, _: None if pattern.fullmatch(text) else f'constraint "pattern" is "{written}"'
        )
        bulk.append(lambda texts, _: all(map(pattern.fullmatch, texts)))
    if limits.minimum is not None:
        low, shown_low = _typed(field, reader, limits.minimum), limits.minimum
        checks.append(lambda _, value: None if value >= low else f'constraint "minimum" is {shown_low}')  # type: ignore[operator]
        bulk.append(lambda _, values: min(values) >= low)  # type: ignore[type-var, operator]
    if limits.maximum is not None:
        high, shown_high = _typed(field, reader, limits.maximum), limits.maximum
        checks.append(lambda _, value: None if value <= high else f'constraint "maximum" is {shown_high}')  # type: ignore[operator]
        bulk.append(lambda _, values: max(values) <= high)  # type: ignore[type-var, operator]
    if limits.enum is not None:
        members = {_typed(field, reader, member) for member in limits.enum}
        shown = ", ".join(map(str, limits.enum))
        checks.append(lambda _, value: None if value in members else f'constraint "enum" is [{shown}]')
        bulk.append(lambda _, values: members.issuperset(values))
    return checks, bulk


def first_broken(checks: list[Check], text: str, value: CellValue) -> str | None:
    """The message of the first constraint `value` breaks, None when it meets them all."""
    for check in checks:
        broken = check(text, value)
        if broken is not None:
            return broken
    return None


def _typed(field: Field, reader: FieldReader, written: str | int | float | bool) -> CellValue:
    """A bound or enum member as a value of the field's type."""
    if isinstance(written, str):
        verdict, value = reader.judge(written)
        if verdict == FITS:
            return value
        # Else as the schema's own JSON writes it, whatever the file's conventions (a decimal point, ISO).
        return _CANONICAL.get(field.type, str)(written)
    if isinstance(written, float) or (field.type is FieldType.NUMBER and not isinstance(written, bool)):
        return Decimal(str(written))
    return written
