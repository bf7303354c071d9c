"""Hand-written in-memory fakes of the upload ports, exposing state tests assert on."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, BinaryIO

import msgspec

from application.dataset_errors import (
    ContractChanged,
    ContractIfMatchMissing,
    ContractRefusedByTable,
    NoContractToMatch,
)
from application.errors import (
    DatabaseUnavailable,
    NotFound,
    ObjectStoreUnavailable,
)
from application.ports.dataset_store import (
    DatasetInfo,
    KeyClash,
    KeyClashes,
    LoadPlan,
    LoadResult,
    StoredContract,
)
from domain.contracts.changes import compare
from domain.contracts.table_schema import TableSchema, columns_from_schema, schema_from_columns
from domain.uploads.upload import LoadMode, Upload, UploadStatus
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

    async def download(self, key: str, target: BinaryIO) -> None:
        target.write(await self.get(key))

    async def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    async def ping(self) -> None:
        if not self.available:
            raise ObjectStoreUnavailable("the fake object store is down")


class InMemoryUploadRepository:
    def __init__(self) -> None:
        self.records: dict[str, Upload] = {}
        self.available = True
        # Who holds each queued upload (tests.support.job_fakes.Lease), kept beside the records as the
        # `uploads` table keeps them, so a unit of work can check a lease where it commits.
        self.leases: dict[str, Any] = {}
        # Why a cancel of an upload was asked for (the `cancel_reason` column of the SQL table).
        self.cancel_requests: dict[str, str] = {}

    def _check(self) -> None:
        if not self.available:
            raise DatabaseUnavailable("the fake database is down")

    async def get(self, upload_id: str) -> Upload | None:
        self._check()
        # A copy, as a database gives: changing what was read changes no record until it is saved.
        record = self.records.get(upload_id)
        return None if record is None else msgspec.structs.replace(record)

    async def list(
        self, *, uploaded_by: str | None, limit: int, offset: int
    ) -> tuple[list[UploadSummary], int]:
        self._check()
        mine = [u for u in self.records.values() if uploaded_by is None or u.uploaded_by == uploaded_by]
        mine.sort(key=lambda u: u.created_at, reverse=True)
        return [summarize(upload) for upload in mine[offset : offset + limit]], len(mine)

    async def fail_received_before(self, moment: datetime, reason: str) -> int:
        self._check()
        stale = [
            u for u in self.records.values() if u.status is UploadStatus.RECEIVED and u.created_at < moment
        ]
        for upload in stale:
            upload.fail(reason)
        return len(stale)


class InMemoryDatasetStore:
    """Datasets in dicts; loads come through `FakeUploadUnitOfWork` (see `planned_load`).

    Contracts are versioned like the SQL store's; `loaded_by[dataset][i]` is the upload of `rows[dataset][i]`.
    """

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self.schemas: dict[str, tuple[Column, ...]] = {}
        self.rows: dict[str, list[TypedRow]] = {}
        self.loaded_by: dict[str, list[str]] = {}
        self.contracts: dict[str, list[TableSchema]] = {}
        self.plans: list[LoadPlan] = []
        self.fail_after_batches: int | None = None
        self.available = True

    async def get_columns(self, dataset: str) -> tuple[Column, ...] | None:
        return self.schemas.get(dataset)

    async def get_contract(self, dataset: str) -> StoredContract | None:
        versions = self.contracts.get(dataset)
        if not versions:
            return None
        return StoredContract(schema=versions[-1], version=len(versions), etag=f'"v{len(versions)}"')

    async def put_contract(
        self, dataset: str, schema: TableSchema, *, if_match: str | None
    ) -> StoredContract:
        current = await self.get_contract(dataset)
        if current is not None:
            if if_match is None:
                raise ContractIfMatchMissing(dataset, current.version, current.etag)
            if if_match != current.etag:
                raise ContractChanged(dataset, current.version, current.etag, if_match)
            change = compare(current.schema, schema, has_rows=bool(self.rows.get(dataset)))
            if change.is_refused:
                raise ContractRefusedByTable(change.refused)
        elif if_match is not None and if_match != "*":
            raise NoContractToMatch(dataset)
        self.contracts.setdefault(dataset, []).append(schema)
        self.schemas[dataset] = columns_from_schema(schema)
        self.rows.setdefault(dataset, [])
        self.loaded_by.setdefault(dataset, [])
        stored = await self.get_contract(dataset)
        assert stored is not None
        return stored

    async def describe(self, dataset: str) -> DatasetInfo | None:
        if dataset not in self.schemas:
            return None
        return DatasetInfo(name=dataset, columns=self.schemas[dataset], row_count=len(self.rows[dataset]))

    async def list_datasets(self) -> list[DatasetInfo]:
        return [info for name in sorted(self.schemas) if (info := await self.describe(name))]

    def planned_load(
        self, upload: Upload, columns: Sequence[Column], staged: list[TypedRow], plan: LoadPlan
    ) -> tuple[LoadResult, Callable[[], None]]:
        """What loading `staged` would give, and the function that makes it so (called on commit)."""
        dataset = upload.dataset
        known = {c.name: c for c in self.schemas.get(dataset, ())}
        known.update({c.name: c for c in columns if c.name not in known})
        schemas = tuple(known.values())
        rows, owners = list(self.rows.get(dataset, [])), list(self.loaded_by.get(dataset, []))
        result = self._apply(upload, list(columns), staged, plan, rows, owners)

        def commit() -> None:
            self.schemas[dataset] = schemas
            self.contracts.setdefault(dataset, [schema_from_columns(schemas)])
            self.rows.setdefault(dataset, [])[:] = rows
            self.loaded_by.setdefault(dataset, [])[:] = owners

        return result, commit

    def lock_of(self, dataset: str) -> asyncio.Lock:
        return self._locks.setdefault(dataset, asyncio.Lock())

    @staticmethod
    def _apply(
        upload: Upload,
        columns: list[Column],
        staged: list[TypedRow],
        plan: LoadPlan,
        rows: list[TypedRow],
        owners: list[str],
    ) -> LoadResult:
        names = [c.name for c in columns]
        positions = [names.index(name) for name in plan.key]

        def key(row: TypedRow) -> tuple[object, ...]:
            return tuple(row.values[p] for p in positions)

        if plan.mode is LoadMode.REPLACE:
            rows.clear()
            owners.clear()
        held = {key(row): index for index, row in enumerate(rows)} if plan.key else {}
        if plan.key and plan.mode is LoadMode.APPEND:
            clashing = [row for row in staged if key(row) in held]
            samples = tuple(
                KeyClash(row.row, tuple(map(str, key(row))), owners[held[key(row)]]) for row in clashing[:20]
            )
            if plan.settle is not None:
                upload = plan.settle(KeyClashes(count=len(clashing), samples=samples))
            if upload.status is not UploadStatus.LOADED:
                return LoadResult()
            staged = [row for row in staged if key(row) not in held]
        inserted = updated = 0
        for row in staged:
            if plan.key and key(row) in held:
                rows[held[key(row)]], owners[held[key(row)]] = row, upload.id
                updated += 1
                continue
            if plan.key:
                held[key(row)] = len(rows)
            rows.append(row)
            owners.append(upload.id)
            inserted += 1
        return LoadResult(inserted=inserted, updated=updated)

    async def ping(self) -> None:
        if not self.available:
            raise DatabaseUnavailable("the fake database is down")
