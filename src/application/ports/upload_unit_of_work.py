"""One upload's writes in one transaction: its record, its dataset's rows and the dataset's lock."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from application.ports.dataset_rows import DatasetRows
from application.ports.upload_records import UploadRecords


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
