"""Hand-written in-memory fakes of the upload ports, exposing state tests assert on."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import BinaryIO

import msgspec

from application.errors import Conflict, DatabaseUnavailable, NotFound, ObjectStoreUnavailable
from application.ports.dataset_store import DatasetInfo
from domain.uploads.upload import Upload, UploadStatus
from domain.uploads.upload_summary import UploadSummary, summarize
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow


class InMemoryObjectStore:
    def __init__(self, *, available: bool = True) -> None:
        self.objects: dict[str, bytes] = {}
        self.available = available

    async def put(self, key: str, source: BinaryIO, *, size: int, sha256: str) -> None:
        if not self.available:
            raise ObjectStoreUnavailable("the fake object store is down")
        source.seek(0)
        self.objects[key] = source.read()

    async def get(self, key: str) -> bytes:
        if key not in self.objects:
            raise NotFound(key)
        return self.objects[key]

    async def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    async def ping(self) -> None:
        if not self.available:
            raise ObjectStoreUnavailable("the fake object store is down")


class InMemoryUploadRepository:
    def __init__(self) -> None:
        self.records: dict[str, Upload] = {}
        self.available = True

    def _check(self) -> None:
        if not self.available:
            raise DatabaseUnavailable("the fake database is down")

    async def add(self, upload: Upload) -> None:
        self._check()
        self.records[upload.id] = msgspec.structs.replace(upload)

    async def save(self, upload: Upload) -> None:
        self._check()
        self.records[upload.id] = msgspec.structs.replace(upload)

    async def get(self, upload_id: str) -> Upload | None:
        self._check()
        return self.records.get(upload_id)

    async def list(
        self, *, uploaded_by: str | None, limit: int, offset: int
    ) -> tuple[list[UploadSummary], int]:
        self._check()
        mine = [u for u in self.records.values() if uploaded_by is None or u.uploaded_by == uploaded_by]
        mine.sort(key=lambda u: u.created_at, reverse=True)
        return [summarize(upload) for upload in mine[offset : offset + limit]], len(mine)

    async def find_loaded(self, dataset: str, sha256: str) -> Upload | None:
        self._check()
        return next(
            (
                u
                for u in self.records.values()
                if u.dataset == dataset and u.sha256 == sha256 and u.status is UploadStatus.LOADED
            ),
            None,
        )


class InMemoryDatasetStore:
    """Loads into dicts, all or nothing, and writes the upload record in the same 'transaction'."""

    def __init__(self, uploads: InMemoryUploadRepository) -> None:
        self.uploads = uploads
        self.schemas: dict[str, tuple[Column, ...]] = {}
        self.rows: dict[str, list[TypedRow]] = {}
        self.fail_after_batches: int | None = None
        self.available = True

    async def get_columns(self, dataset: str) -> tuple[Column, ...] | None:
        return self.schemas.get(dataset)

    async def describe(self, dataset: str) -> DatasetInfo | None:
        if dataset not in self.schemas:
            return None
        return DatasetInfo(name=dataset, columns=self.schemas[dataset], row_count=len(self.rows[dataset]))

    async def list_datasets(self) -> list[DatasetInfo]:
        return [info for name in sorted(self.schemas) if (info := await self.describe(name))]

    async def load(
        self, upload: Upload, columns: Sequence[Column], batches: AsyncIterator[Sequence[TypedRow]]
    ) -> int:
        if not self.available:
            raise DatabaseUnavailable("the fake database is down")
        staged: list[TypedRow] = []
        count = 0
        async for batch in batches:
            count += 1
            if self.fail_after_batches is not None and count > self.fail_after_batches:
                raise DatabaseUnavailable("the fake database went away mid-load")
            staged.extend(batch)
        first = await self.uploads.find_loaded(upload.dataset, upload.sha256)
        if first is not None and first.id != upload.id:
            raise Conflict(f"already loaded by upload {first.id}", existing_id=first.id)
        known = {c.name: c for c in self.schemas.get(upload.dataset, ())}
        known.update({c.name: c for c in columns if c.name not in known})
        self.schemas[upload.dataset] = tuple(known.values())
        self.rows.setdefault(upload.dataset, []).extend(staged)
        rows = msgspec.structs.replace(upload.rows, loaded=len(staged))
        self.uploads.records[upload.id] = msgspec.structs.replace(upload, rows=rows)
        return len(staged)

    async def ping(self) -> None:
        if not self.available:
            raise DatabaseUnavailable("the fake database is down")
