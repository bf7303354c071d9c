"""One upload's writes in one transaction: its record, its dataset's rows and the dataset's lock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from types import TracebackType
from typing import Protocol, Self

from application.ports.dataset_store import LoadPlan, LoadResult
from domain.uploads.upload import Upload
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow


class UploadRecords(Protocol):
    """The upload records as this unit of work sees them (its own writes included)."""

    async def get(self, upload_id: str) -> Upload | None: ...

    async def find_loaded(self, dataset: str, sha256: str) -> Upload | None:
        """The first upload that loaded this exact content into this dataset, if any."""
        ...

    async def add(self, upload: Upload) -> None:
        """Record a newly received upload (status `received`)."""
        ...

    async def save(self, upload: Upload) -> None:
        """Overwrite the record of `upload` with its state now (inserting it if it is not there)."""
        ...


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


class UploadUnitOfWork(Protocol):
    """Everything written through it commits together on `commit()`; leaving it otherwise rolls back.

    Adapters translate their library's failures into `DatabaseUnavailable` (or `DatabaseBusy`,
    `InsufficientStorage`); they never word a business rule.
    """

    uploads: UploadRecords
    datasets: DatasetRows

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed, and let go of the connection."""
        ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


# A fresh unit of work for each use: `async with units() as uow: ...`.
UploadUnits = Callable[[], UploadUnitOfWork]
