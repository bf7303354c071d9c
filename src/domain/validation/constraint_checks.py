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

_ISO: dict[FieldType, Callable[[str], CellValue]] = {
    FieldType.DATE: date.fromisoformat,
    FieldType.DATETIME: datetime.fromisoformat,
    FieldType.TIME: time.fromisoformat,
}
Check = Callable[[str, CellValue], str | None]  # (text, value) -> the failed constraint's message


def constraint_checks(field: Field, reader: FieldReader) -> list[Check]:
    """The checks of `field`'s constraints, each answering None or why the value breaks it."""
    limits = field.constraints
    checks: list[Check] = []
    if limits.minLength is not None:
        least = limits.minLength
        checks.append(lambda text, _: None if len(text) >= least else f'constraint "minLength" is {least}')
    if limits.maxLength is not None:
        most = limits.maxLength
        checks.append(lambda text, _: None if len(text) <= most else f'constraint "maxLength" is {most}')
    if limits.pattern is not None:
        written, pattern = limits.pattern, re.compile(limits.pattern)
        checks.append(
            lambda text, _: None if pattern.fullmatch(text) else f'constraint "pattern" is "{written}"'
        )
    if limits.minimum is not None:
        low, shown_low = _typed(field, reader, limits.minimum), limits.minimum
        checks.append(lambda _, value: None if value >= low else f'constraint "minimum" is {shown_low}')  # type: ignore[operator]
    if limits.maximum is not None:
        high, shown_high = _typed(field, reader, limits.maximum), limits.maximum
        checks.append(lambda _, value: None if value <= high else f'constraint "maximum" is {shown_high}')  # type: ignore[operator]
    if limits.enum is not None:
        members = {_typed(field, reader, member) for member in limits.enum}
        shown = ", ".join(map(str, limits.enum))
        checks.append(lambda _, value: None if value in members else f'constraint "enum" is [{shown}]')
    return checks


def _typed(field: Field, reader: FieldReader, written: str | int | float | bool) -> CellValue:
    """A bound or enum member as a value of the field's type."""
    if isinstance(written, str):
        verdict, value = reader.judge(written)
        if verdict == FITS:
            return value
        return _ISO[field.type](written)  # parse_table_schema let only these two spellings through
    if isinstance(written, float) or (field.type is FieldType.NUMBER and not isinstance(written, bool)):
        return Decimal(str(written))
    return written
