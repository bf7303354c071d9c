"""A dataset's contract: a frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/).

Only the features Ingesta enforces are accepted (see `document_checks`): a schema written for frictionless
that uses them works here unchanged, and `to_document` writes one frictionless reads. Anything else is
refused by name rather than silently ignored. `number` values are exact (`Decimal`), never floats.

The optional `x-ingesta` object is our namespaced extension (frictionless ignores `x-` keys):
`{"nearDuplicates": {"enabled": true, "columns": ["name", "city"]}}` switches the near-duplicate
check of the AI rules on or off for the dataset and names the columns it compares (none = all text ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import msgspec

from domain.contracts.document_checks import check_document
from domain.contracts.errors import InvalidContract
from domain.validation.cell_types import BOOL_WORDS, TRUE_WORDS
from domain.validation.header import unique_names
from domain.validation.report import Column, ColumnType

DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")


class FieldType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"


class Constraints(msgspec.Struct, frozen=True, omit_defaults=True):
    required: bool = False
    unique: bool = False
    minimum: int | float | str | None = None  # a string for dates and times, as written in the schema
    maximum: int | float | str | None = None
    minLength: int | None = None
    maxLength: int | None = None
    pattern: str | None = None
    enum: tuple[str | int | float | bool, ...] | None = None


class Field(msgspec.Struct, frozen=True, omit_defaults=True):
    name: str
    type: FieldType = FieldType.STRING
    format: str = "default"
    title: str | None = None
    description: str | None = None
    constraints: Constraints = Constraints()
    decimalChar: str = "."
    groupChar: str = ""
    bareNumber: bool = True
    trueValues: tuple[str, ...] = DEFAULT_TRUE
    falseValues: tuple[str, ...] = DEFAULT_FALSE


class NearDuplicates(msgspec.Struct, frozen=True, omit_defaults=True):
    enabled: bool = True
    columns: tuple[str, ...] = ()


class IngestaExtension(msgspec.Struct, frozen=True, omit_defaults=True):
    nearDuplicates: NearDuplicates | None = None


class TableSchema(msgspec.Struct, frozen=True, omit_defaults=True):
    fields: tuple[Field, ...]
    primaryKey: tuple[str, ...] = ()
    missingValues: tuple[str, ...] = ("",)
    x_ingesta: IngestaExtension | None = msgspec.field(default=None, name="x-ingesta")

    def field(self, name: str) -> Field | None:
        return next((field for field in self.fields if field.name == name), None)


def parse_table_schema(document: bytes | str) -> TableSchema:
    """The contract a Table Schema JSON document describes; `InvalidContract` names what is wrong."""
    try:
        raw = msgspec.json.decode(document)
    except msgspec.DecodeError as error:
        raise InvalidContract(f"the schema is not valid JSON: {error}") from error
    if not isinstance(raw, dict):
        raise InvalidContract("a Table Schema is a JSON object with a 'fields' list")
    if isinstance(raw.get("primaryKey"), str):
        raw = {**raw, "primaryKey": [raw["primaryKey"]]}
    check_document(raw)
    try:
        return msgspec.convert(raw, TableSchema)
    except msgspec.ValidationError as error:
        raise InvalidContract(f"the schema does not fit the Table Schema model: {error}") from error


def to_document(schema: TableSchema) -> dict[str, object]:
    """The frictionless JSON of `schema`; `parse_table_schema` of it gives `schema` back."""
    document: dict[str, object] = msgspec.json.decode(msgspec.json.encode(schema))
    fields: list[dict[str, object]] = []
    for field, written in zip(schema.fields, document["fields"], strict=True):  # type: ignore[call-overload]
        if written.get("constraints") == {}:
            del written["constraints"]  # an equal but not identical default: msgspec writes it
        fields.append({"name": field.name, "type": str(field.type), **written})
    document["fields"] = fields
    return document


_FIELD_TO_COLUMN = {
    FieldType.STRING: ColumnType.STRING,
    FieldType.INTEGER: ColumnType.INTEGER,
    FieldType.NUMBER: ColumnType.DECIMAL,
    FieldType.BOOLEAN: ColumnType.BOOLEAN,
    FieldType.DATE: ColumnType.DATE,
    FieldType.DATETIME: ColumnType.DATETIME,
    FieldType.TIME: ColumnType.TIME,
}
_COLUMN_TO_FIELD = {column: field for field, column in _FIELD_TO_COLUMN.items()}


def column_type(field_type: FieldType) -> ColumnType:
    return _FIELD_TO_COLUMN[field_type]


def field_type(kind: ColumnType) -> FieldType:
    return _COLUMN_TO_FIELD[kind]


def spellings(words: frozenset[str]) -> tuple[str, ...]:
    """Every case a spreadsheet writes `words` in: frictionless compares true/false values exactly."""
    return tuple(sorted({form for word in words for form in (word, word.capitalize(), word.upper())}))


def schema_from_columns(columns: Sequence[Column]) -> TableSchema:
    """The contract of a dataset whose columns were inferred (its version 1).

    A boolean field lists every word inference takes as a boolean, so the next file is judged alike.
    """
    fields = []
    for column in columns:
        field = Field(column.source_name, field_type(column.type), constraints=Constraints(column.required))
        if column.type is ColumnType.BOOLEAN:
            field = msgspec.structs.replace(
                field, trueValues=spellings(TRUE_WORDS), falseValues=spellings(BOOL_WORDS - TRUE_WORDS)
            )
        fields.append(field)
    return TableSchema(fields=tuple(fields))


def columns_from_schema(schema: TableSchema) -> tuple[Column, ...]:
    """The SQL columns of a contract: names normalised exactly as a file's header would be."""
    names, _, _ = unique_names([field.name for field in schema.fields])
    return tuple(
        Column(name, field.name, column_type(field.type), field.constraints.required)
        for name, field in zip(names, schema.fields, strict=True)
    )
