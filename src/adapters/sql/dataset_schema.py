"""How a dataset's established columns and an upload's columns combine."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from adapters.sql.dataset_tables import MAX_IDENTIFIER, ROW_NUMBER, UPLOAD_ID
from application.errors import InvalidInput
from domain.validation.report import Column


class SchemaChange(msgspec.Struct, frozen=True):
    columns: tuple[Column, ...]
    added: tuple[Column, ...]


def check_columns(columns: Sequence[Column]) -> None:
    names = [column.name for column in columns]
    if len(set(names)) != len(names):
        raise InvalidInput("column names must be unique")
    for name in names:
        if name in {UPLOAD_ID, ROW_NUMBER} or not name or len(name) > MAX_IDENTIFIER:
            raise InvalidInput(f"{name!r} cannot be a column name")


def evolve(established: Sequence[Column], incoming: Sequence[Column]) -> SchemaChange:
    """Established columns keep their place and type; columns new to the dataset are appended."""
    check_columns(incoming)
    known = {column.name: column for column in established}
    for column in incoming:
        if column.name in known and known[column.name].type != column.type:
            raise InvalidInput(
                f"column {column.name!r} is {known[column.name].type} in this dataset, not {column.type}"
            )
    added = tuple(column for column in incoming if column.name not in known)
    return SchemaChange(columns=(*established, *added), added=added)


def encode_columns(columns: Sequence[Column]) -> str:
    return msgspec.json.encode(tuple(columns)).decode()


def decode_columns(text: str) -> tuple[Column, ...]:
    return msgspec.json.decode(text, type=tuple[Column, ...])
