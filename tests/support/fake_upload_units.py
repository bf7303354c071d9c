"""A hand-written unit of work over the in-memory fakes: writes wait for `commit()`, `committed` says
whether it came. It composes the fake repository and the fake dataset store; neither knows the other."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from types import TracebackType
from typing import Self

import msgspec
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryUploadRepository

from application.errors import DatabaseUnavailable
from application.ports.dataset_store import LoadPlan, LoadResult
from domain.uploads.job_lease import JobLease
from domain.uploads.upload import JOB_STATUSES, Upload, UploadStatus
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow


class FakeUploadRecords:
    def __init__(self, repository: InMemoryUploadRepository) -> None:
        self.repository = repository
        self.pending: dict[str, Upload] = {}

    def _check(self) -> None:
        if not self.repository.available:
            raise DatabaseUnavailable("the fake database is down")

    def _visible(self) -> dict[str, Upload]:
        return {**self.repository.records, **self.pending}

    async def get(self, upload_id: str) -> Upload | None:
        self._check()
        return self._visible().get(upload_id)

    async def find_loaded(self, dataset: str, sha256: str) -> Upload | None:
        self._check()
        loaded = (
            u
            for u in self._visible().values()
            if u.dataset == dataset and u.sha256 == sha256 and u.status is UploadStatus.LOADED
        )
        return min(loaded, key=lambda u: u.created_at, default=None)

    async def add(self, upload: Upload) -> None:
        self._check()
        if upload.id in self._visible():
            raise ValueError(f"upload {upload.id} is already recorded")
        self.pending[upload.id] = msgspec.structs.replace(upload)

    async def hold_lease(self, upload_id: str, lease: JobLease) -> bool:
        """Checked against the leases kept beside the records (job_fakes.InMemoryUploadLeases). The SQL
        adapters lock the record until the commit; here no fake awaits anything that lets another task
        run between this check and the commit."""
        self._check()
        record = self._visible().get(upload_id)
        current = self.repository.leases.get(upload_id)
        return (
            record is not None
            and record.status in JOB_STATUSES
            and current is not None
            and (current.owner, current.attempts) == (lease.owner, lease.attempt)
        )

    async def hold_against_cancel(self, upload_id: str) -> str | None:
        self._check()
        return self.repository.cancel_requests.get(upload_id)

    async def save(self, upload: Upload) -> None:
        self._check()
        self.pending[upload.id] = msgspec.structs.replace(upload)

    def apply(self) -> None:
        self.repository.records.update(self.pending)
        self.pending.clear()


class FakeDatasetRows:
    def __init__(self, store: InMemoryDatasetStore, records: FakeUploadRecords) -> None:
        self._store = store
        self._records = records
        self._columns: tuple[Column, ...] = ()
        self._plan = LoadPlan()
        self._batches: AsyncIterator[Sequence[TypedRow]] | None = None
        self._locked: asyncio.Lock | None = None
        self._dataset: str | None = None
        self._pending: Callable[[], None] | None = None
        self.loaded = False  # `load` ran to its end in this unit of work

    async def stage(
        self,
        upload_id: str,
        columns: Sequence[Column],
        batches: AsyncIterator[Sequence[TypedRow]],
        plan: LoadPlan,
    ) -> None:
        if self._records.pending or self._locked is not None:
            raise RuntimeError("stage the rows first in a unit of work, before any other statement")
        self._store.plans.append(plan)
        self._columns, self._batches, self._plan = tuple(columns), batches, plan

    async def lock(self, dataset: str) -> None:
        if not self._store.available:
            raise DatabaseUnavailable("the fake database is down")
        lock = self._store.lock_of(dataset)
        await lock.acquire()
        self._locked, self._dataset = lock, dataset

    async def load(self, upload: Upload) -> LoadResult:
        if self._dataset != upload.dataset or self._batches is None:
            raise RuntimeError("load without the dataset's lock or without staged rows")
        if not self._store.available:
            raise DatabaseUnavailable("the fake database is down")
        staged: list[TypedRow] = []
        count = 0
        try:
            async for batch in self._batches:
                count += 1
                if self._store.fail_after_batches is not None and count > self._store.fail_after_batches:
                    raise DatabaseUnavailable("the fake database went away mid-load")
                staged.extend(batch)
        finally:
            close = getattr(self._batches, "aclose", None)
            if close is not None:
                await close()
        result, self._pending = self._store.planned_load(upload, self._columns, staged, self._plan)
        self.loaded = True
        return result

    def apply(self) -> None:
        if self._pending is not None:
            self._pending()
        self.discard()

    def discard(self) -> None:
        self._pending = None
        if self._locked is not None:
            self._locked.release()
            self._locked = None


class FakeUploadUnitOfWork:
    def __init__(self, uploads: InMemoryUploadRepository, datasets: InMemoryDatasetStore) -> None:
        self.uploads = FakeUploadRecords(uploads)
        self.datasets = FakeDatasetRows(datasets, self.uploads)
        self.committed = False

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        self.uploads.apply()
        self.datasets.apply()
        self.committed = True

    async def rollback(self) -> None:
        self.uploads.pending.clear()
        self.datasets.discard()


class FakeUploadUnits:
    """The factory a use case is given; `opened` lists every unit of work it handed out, in order."""

    def __init__(
        self,
        uploads: InMemoryUploadRepository,
        datasets: InMemoryDatasetStore,
        *,
        unit: type[FakeUploadUnitOfWork] = FakeUploadUnitOfWork,
    ) -> None:
        self.repository = uploads
        self.datasets = datasets
        self._unit = unit
        self.opened: list[FakeUploadUnitOfWork] = []

    def __call__(self) -> FakeUploadUnitOfWork:
        unit = self._unit(self.repository, self.datasets)
        self.opened.append(unit)
        return unit
