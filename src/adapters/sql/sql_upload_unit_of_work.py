"""UploadUnitOfWork on SQLAlchemy Core: one connection, one transaction, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.database_errors import translate_database_errors
from adapters.sql.sql_dataset_rows import SqlDatasetRows
from adapters.sql.sql_upload_records import SqlUploadRecords
from adapters.system_clock import SystemClock
from application.ports.clock import Clock


class SqlUploadUnits:
    """The factory the use case calls for each unit of work (`UploadUnits`)."""

    def __init__(self, engine: AsyncEngine, *, clock: Clock | None = None) -> None:
        self._engine = engine
        self._clock = clock or SystemClock()

    def __call__(self) -> SqlUploadUnitOfWork:
        return SqlUploadUnitOfWork(self._engine, self._clock)


class SqlUploadUnitOfWork:
    """`uploads` and `datasets` share the connection, so the dataset's lock, its rows and the upload's
    record commit or roll back together. Every call translates driver failures (`DatabaseUnavailable`,
    `DatabaseBusy`, `InsufficientStorage`)."""

    uploads: SqlUploadRecords
    datasets: SqlDatasetRows

    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._connection: AsyncConnection | None = None

    async def __aenter__(self) -> Self:
        async with translate_database_errors():
            self._connection = await self._engine.connect()
        self.uploads = SqlUploadRecords(self._connection)
        self.datasets = SqlDatasetRows(self._connection, self._clock)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        connection = self._require()
        self._connection = None
        try:
            # After `commit()` there is nothing left to roll back: this is a no-op then.
            async with translate_database_errors():
                await connection.rollback()
                await self.datasets.close()
        except Exception:
            await connection.invalidate()
            if exc is None:
                raise
            # The error that stopped the work says more than its consequence on the way out.
        finally:
            await connection.close()

    async def commit(self) -> None:
        async with translate_database_errors():
            await self._require().commit()

    async def rollback(self) -> None:
        async with translate_database_errors():
            await self._require().rollback()

    def _require(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("the unit of work is used outside its `async with`")
        return self._connection
