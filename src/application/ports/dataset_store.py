"""Datasets: one typed SQL table each, loaded one upload at a time, each with a versioned contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import msgspec

from domain.contracts.table_schema import TableSchema, columns_from_schema
from domain.uploads.upload import LoadMode, Upload
from domain.validation.report import Column


class DatasetInfo(msgspec.Struct, frozen=True):
    name: str
    columns: tuple[Column, ...]
    row_count: int


class StoredContract(msgspec.Struct, frozen=True):
    """A dataset's current contract; `etag` is what a replacement must send in If-Match."""

    schema: TableSchema
    version: int
    etag: str


def key_columns(schema: TableSchema) -> tuple[str, ...]:
    """The SQL columns of the contract's primary key (empty when it declares none)."""
    names = {column.source_name: column.name for column in columns_from_schema(schema)}
    return tuple(names[field] for field in schema.primaryKey)


class KeyClash(msgspec.Struct, frozen=True):
    """A row of the upload whose primary key the dataset already holds, and the upload that loaded it."""

    row: int
    key: tuple[str, ...]
    upload_id: str


class KeyClashes(msgspec.Struct, frozen=True):
    count: int = 0
    samples: tuple[KeyClash, ...] = ()


class LoadResult(msgspec.Struct, frozen=True):
    inserted: int = 0
    updated: int = 0

    @property
    def loaded(self) -> int:
        return self.inserted + self.updated


Settle = Callable[[KeyClashes], Upload]


class LoadPlan(msgspec.Struct, frozen=True, kw_only=True):
    """How to load: `key` names the primary key's SQL columns (empty: the dataset has none).

    `settle` is asked, in `append` mode with a key, what becomes of the upload given the rows whose key
    the dataset already holds; it returns the upload in its final state (LOADED: load the others).
    """

    mode: LoadMode = LoadMode.APPEND
    key: tuple[str, ...] = ()
    settle: Settle | None = None


class DatasetStore(Protocol):
    """Datasets and their contracts; an upload's rows reach a dataset through an `UploadUnitOfWork`.

    Adapters translate their library's failures into `DatabaseUnavailable`."""

    async def get_columns(self, dataset: str) -> tuple[Column, ...] | None:
        """The dataset's established schema, or None before its first load."""
        ...

    async def get_contract(self, dataset: str) -> StoredContract | None:
        """The dataset's current contract; None while it has neither a declared one nor a first load."""
        ...

    async def put_contract(
        self, dataset: str, schema: TableSchema, *, if_match: str | None
    ) -> StoredContract:
        """Declare or replace the contract, migrating the dataset's table in the same transaction.

        Raises `PreconditionRequired` (a contract exists and `if_match` is None), `PreconditionFailed`
        (`if_match` is not the current etag) and `Conflict` (the table cannot hold the change, or its
        rows break the new primary key).
        """
        ...

    async def describe(self, dataset: str) -> DatasetInfo | None: ...

    async def list_datasets(self) -> list[DatasetInfo]: ...

    async def ping(self) -> None:
        """Raise `DatabaseUnavailable` unless the database answers now."""
        ...
