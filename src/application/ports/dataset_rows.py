"""An upload's rows on their way into a dataset, inside a unit of work."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from application.ports.dataset_store import LoadPlan, LoadResult
from domain.uploads.upload import Upload
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow


class DatasetRows(Protocol):
    """An upload's rows on their way into one dataset: staged, then loaded under the dataset's lock."""

    async def stage(
        self,
        upload_id: str,
        columns: Sequence[Column],
        batches: AsyncIterator[Sequence[TypedRow]],
        plan: LoadPlan,
    ) -> None:
        """Take the rows to load; the first call in its unit of work. A database may read them now,
        before the lock, where that holds no lock others need (SQLite fills a private table);
        otherwise they are read by `load`."""
        ...

    async def lock(self, dataset: str) -> None:
        """Hold the dataset's write lock until the unit of work ends (right after `stage`: on SQLite
        it opens the transaction); raises `DatabaseBusy` after waiting longer than the database allows."""
        ...

    async def load(self, upload: Upload) -> LoadResult:
        """Make the dataset's table fit the staged columns (creating it, with contract version 1, on
        its first load), move the staged rows in as their plan says, and return what the table
        received. In `append` mode with a key, the plan's `settle` decides `upload`'s outcome first."""
        ...
