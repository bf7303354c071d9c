"""A Table Schema for a file, from what validating it inferred: a contract an admin can start from.

`ColumnStats` watches each column's raw values (the distinct ones while they stay few or unique);
`infer_schema` writes the fields: types as inferred, the conventions the file used (`decimalChar` /
`groupChar`, a `%d/%m/%Y` format, the true and false words seen) and, when asked, constraints a person
would set: `required` where no value is empty, `enum` for text with few distinct values that repeat,
and a `primaryKey` for a unique, never-empty id column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

from domain.contracts.table_schema import Constraints, Field, FieldType, TableSchema, schema_from_columns
from domain.validation.cell_types import BOOL_WORDS, TRUE_WORDS
from domain.validation.header import normalise_name
from domain.validation.report import Column, ColumnType, ValidationReport

ENUM_MAX = 10  # at most this many distinct values make an enum
_KEEP_MAX = 1 << 20  # distinct values kept per column while it could still be unique
_ID_NAME = re.compile(r"(?:.*_)?(?:id|code|codigo|key|clave)(?:_.*)?")


class ColumnStats:
    """What one column's raw, non-empty values show beyond their type."""

    __slots__ = ("count", "repeats", "saw_comma", "saw_iso", "saw_slash", "values")

    def __init__(self) -> None:
        self.values: set[str] | None = set()  # None once too many to be an enum nor unique
        self.count = 0
        self.repeats = False
        self.saw_comma = self.saw_slash = self.saw_iso = False

    def add(self, text: str) -> None:
        self.count += 1
        self.saw_comma = self.saw_comma or "," in text
        self.saw_slash = self.saw_slash or "/" in text
        self.saw_iso = self.saw_iso or "-" in text[1:]
        values = self.values
        if values is None:
            return
        if text in values:
            self.repeats = True
        else:
            values.add(text)
        if len(values) > (ENUM_MAX if self.repeats else _KEEP_MAX):
            self.values = None

    @property
    def unique(self) -> bool:
        return self.values is not None and not self.repeats and self.count > 0


def observe(stats: Sequence[ColumnStats], records: Sequence[Sequence[str]]) -> None:
    """Feed data records (not the header) to the columns' stats."""
    for record in records:
        for stat, cell in zip(stats, record, strict=False):
            text = cell.strip()
            if text:
                stat.add(text)


def infer_schema(report: ValidationReport, stats: Sequence[ColumnStats], *, suggest: bool) -> TableSchema:
    """The contract of the file `report` describes; with `suggest`, also the constraints it suggests."""
    locale = report.cell_locale
    fields: list[Field] = []
    for field, column, stat in zip(
        schema_from_columns(report.columns).fields, report.columns, stats, strict=True
    ):
        changes: dict[str, object] = {"constraints": Constraints()}
        if field.type is FieldType.BOOLEAN and stat.values is not None:
            seen = sorted(value for value in stat.values if value.lower() in BOOL_WORDS)
            changes["trueValues"] = tuple(v for v in seen if v.lower() in TRUE_WORDS)
            changes["falseValues"] = tuple(v for v in seen if v.lower() not in TRUE_WORDS)
        if field.type is FieldType.NUMBER and (locale.group_dot or (locale.comma_decimal and stat.saw_comma)):
            changes["decimalChar"] = ","
            changes["groupChar"] = "." if locale.group_dot else ""
        if (
            field.type is FieldType.DATE
            and stat.saw_slash
            and not stat.saw_iso
            and locale.day_first is not None
        ):
            changes["format"] = "%d/%m/%Y" if locale.day_first else "%m/%d/%Y"
        if suggest:
            changes["constraints"] = _suggested(column, stat)
        fields.append(msgspec.structs.replace(field, **changes))
    key = _primary_key(report.columns, stats) if suggest else ()
    return TableSchema(fields=tuple(fields), primaryKey=key)


def _suggested(column: Column, stat: ColumnStats) -> Constraints:
    values = stat.values
    few = values is not None and 1 < len(values) <= ENUM_MAX and stat.count >= 2 * len(values)
    enum = tuple(sorted(values)) if few and values is not None and column.type is ColumnType.STRING else None
    return Constraints(required=column.required, enum=enum)


def _primary_key(columns: Sequence[Column], stats: Sequence[ColumnStats]) -> tuple[str, ...]:
    for index, (column, stat) in enumerate(zip(columns, stats, strict=True)):
        looks_like_id = _ID_NAME.fullmatch(normalise_name(column.source_name)) is not None
        keyable = column.type in (ColumnType.INTEGER, ColumnType.STRING)
        if keyable and column.required and stat.unique and (looks_like_id or index == 0):
            return (column.source_name,)
    return ()
