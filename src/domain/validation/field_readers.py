"""Reading one cell as a contract's field says: missing, a typed value, or a type error.

Frictionless semantics for what a schema spells out: `format` patterns (`%d/%m/%Y`), `decimalChar` /
`groupChar` / `bareNumber`, `trueValues` / `falseValues`, `missingValues`. Where a field keeps the
defaults (ISO dates, `.` decimals) Ingesta reads it exactly as inference does (`cell_types.classify`),
so a dataset's next file is judged like its first: also the file's own conventions (a decimal comma in a
`;` file). A cell holding only spaces is missing when `""` is a missing value (it is by default).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from domain.contracts.table_schema import Constraints, Field, FieldType, column_type
from domain.validation.cell_types import ACCEPTS, classify, converter
from domain.validation.report import CellLocale, ColumnType
from domain.validation.typed_row import CellValue

FITS, MISSING, TYPE_ERROR = range(3)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_NUMBER_EDGES = re.compile(r"^[^0-9+\-.]+|[^0-9.]+$")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?")  # frictionless: %H:%M:%S
_PLAIN_TYPES = frozenset(
    {FieldType.STRING, FieldType.INTEGER, FieldType.NUMBER, FieldType.DATE, FieldType.DATETIME}
)


def reads_plainly(field: Field, missing_values: Sequence[str]) -> bool:
    """Whether the field reads its cells exactly as inference reads a column of its type."""
    return (
        field.type in _PLAIN_TYPES
        and field.format == "default"
        and (field.decimalChar, field.groupChar, field.bareNumber) == (".", "", True)
        and tuple(missing_values) == ("",)
    )


def is_plain(field: Field, missing_values: Sequence[str]) -> bool:
    """Whether the engine's column checks judge this field on their own (defaults and `required` only)."""
    return reads_plainly(field, missing_values) and field.constraints == Constraints(
        required=field.constraints.required
    )


class FieldReader:
    """Judges the cells of one field; `judge(text)` -> (verdict, value), the value None unless it fits."""

    def __init__(self, field: Field, missing_values: frozenset[str], locale: CellLocale) -> None:
        self.field = field
        self.missing_values = missing_values
        self.blank_is_missing = "" in missing_values
        self._parse = _parser(field, locale)

    def judge(self, text: str) -> tuple[int, CellValue]:
        stripped = text.strip()
        if text in self.missing_values or (self.blank_is_missing and not stripped):
            return MISSING, None
        if self.field.type is FieldType.STRING:
            return FITS, text
        try:
            return FITS, self._parse(stripped)
        except (ValueError, ArithmeticError, TypeError):
            return TYPE_ERROR, None


def _parser(field: Field, locale: CellLocale) -> Callable[[str], CellValue]:
    kind = field.type
    if kind is FieldType.BOOLEAN:
        return _boolean(field.trueValues, field.falseValues)
    if kind is FieldType.NUMBER and (field.decimalChar != "." or field.groupChar or not field.bareNumber):
        return _number(field.decimalChar, field.groupChar, field.bareNumber)
    if kind is FieldType.INTEGER and not field.bareNumber:
        return _integer(bare=False)
    if kind in (FieldType.DATE, FieldType.DATETIME, FieldType.TIME) and "%" in field.format:
        return _pattern(kind, field.format)
    if kind is FieldType.TIME:
        return _time
    return _inferred(column_type(kind), locale)


def _inferred(kind: ColumnType, locale: CellLocale) -> Callable[[str], CellValue]:
    """Read as inference reads a column of `kind`: what `classify` accepts, converted the same way."""
    accepted, convert = ACCEPTS[kind], converter(kind, locale)

    def parse(text: str) -> CellValue:
        if classify(text, locale) not in accepted:
            raise ValueError(text)
        return convert(text)

    return parse


def _boolean(true_values: tuple[str, ...], false_values: tuple[str, ...]) -> Callable[[str], CellValue]:
    words = {**dict.fromkeys(false_values, False), **dict.fromkeys(true_values, True)}

    def parse(text: str) -> CellValue:
        return words[text] if text in words else _refuse(text)

    return parse


def _number(decimal_char: str, group_char: str, bare: bool) -> Callable[[str], CellValue]:
    def parse(text: str) -> CellValue:
        if not bare:
            text = _NOT_NUMBER_EDGES.sub("", text)
        if group_char:
            text = text.replace(group_char, "")
        if decimal_char != ".":
            if "." in text:
                return _refuse(text)
            text = text.replace(decimal_char, ".")
        if not _NUMBER.fullmatch(text):
            return _refuse(text)
        try:
            return Decimal(text)
        except InvalidOperation:
            return _refuse(text)

    return parse


def _integer(bare: bool) -> Callable[[str], CellValue]:
    def parse(text: str) -> CellValue:
        if not bare:
            text = _NOT_NUMBER_EDGES.sub("", text)
        return int(text) if _INTEGER.fullmatch(text) else _refuse(text)

    return parse


def _pattern(kind: FieldType, pattern: str) -> Callable[[str], CellValue]:
    def parse(text: str) -> CellValue:
        moment = datetime.strptime(text, pattern)
        if kind is FieldType.DATE:
            return moment.date()
        if kind is FieldType.TIME:
            return moment.time()
        return moment

    return parse


def _time(text: str) -> CellValue:
    return time.fromisoformat(text) if _TIME.fullmatch(text) else _refuse(text)


def _refuse(text: str) -> CellValue:
    raise ValueError(text)
