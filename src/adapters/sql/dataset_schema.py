"""How a dataset's established columns and an upload's columns combine."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from adapters.sql.dataset_tables import MAX_IDENTIFIER, ROW_NUMBER, UPLOAD_ID, UPLOAD_KEY
from application.dataset_errors import ColumnNamesRepeated, ColumnNameUnusable, ColumnTypeChanged
from domain.validation.report import Column


class SchemaChange(msgspec.Struct, frozen=True):
    columns: tuple[Column, ...]
    added: tuple[Column, ...]


def check_columns(columns: Sequence[Column]) -> None:
    names = [column.name for column in columns]
    if len(set(names)) != len(names):
        raise ColumnNamesRepeated()
    for name in names:
        if name in {UPLOAD_ID, UPLOAD_KEY, ROW_NUMBER} or not name or len(name) > MAX_IDENTIFIER:
            raise ColumnNameUnusable(name)


def evolve(established: Sequence[Column], incoming: Sequence[Column]) -> SchemaChange:
    """Established columns keep their place and type; columns new to the dataset are appended."""
    check_columns(incoming)
    known = {column.name: column for column in established}
    for column in incoming:
        if column.name in known and known[column.name].type != column.type:
            raise ColumnTypeChanged(column.name, known[column.name].type, column.type)
    added = tuple(column for column in incoming if column.name not in known)
    return SchemaChange(columns=(*established, *added), added=added)


def encode_columns(columns: Sequence[Column]) -> str:
    return msgspec.json.encode(tuple(columns)).decode()


def decode_columns(text: str) -> tuple[Column, ...]:
    return msgspec.json.decode(text, type=tuple[Column, ...])
