"""Datasets: one typed SQL table each, loaded one upload at a time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Protocol

import msgspec

from domain.uploads.upload import Upload
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow


class DatasetInfo(msgspec.Struct, frozen=True):
    name: str
    columns: tuple[Column, ...]
    row_count: int


class DatasetStore(Protocol):
    """Adapters translate their library's failures into `DatabaseUnavailable`."""

    async def get_columns(self, dataset: str) -> tuple[Column, ...] | None:
        """The dataset's established schema, or None before its first load."""
        ...

    async def describe(self, dataset: str) -> DatasetInfo | None: ...

    async def list_datasets(self) -> list[DatasetInfo]: ...

    async def load(
        self,
        upload: Upload,
        columns: Sequence[Column],
        batches: AsyncIterator[Sequence[TypedRow]],
    ) -> int:
        """In ONE transaction: create or evolve the dataset's table to `columns`, insert every row of
        `batches` tagged with `upload.id`, and save `upload` (its final state) to the upload records.

        Returns the number of rows inserted. On any failure nothing of it stays and the error is raised
        (`DatabaseUnavailable` for connectivity, other errors as they are).
        """
        ...

    async def ping(self) -> None:
        """Raise `DatabaseUnavailable` unless the database answers now."""
        ...
