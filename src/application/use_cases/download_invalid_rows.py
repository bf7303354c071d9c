"""DownloadInvalidRows: every invalid row of an upload with its reasons, read again from the archive."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Iterator
from itertools import islice
from typing import BinaryIO

import msgspec

from application.ports.dataset_store import DatasetStore
from application.ports.object_store import ObjectStore
from application.ports.upload_repository import UploadRepository
from application.use_cases.get_upload import GetUpload
from domain.auth.claims import TokenClaims
from domain.validation.row_findings import InvalidRow, find_invalid_rows

BATCH_ROWS = 1000


class InvalidRows(msgspec.Struct, frozen=True):
    """The file's header (source names) and its invalid rows, in batches; iterate `batches` once."""

    filename: str
    header: tuple[str, ...]
    batches: AsyncIterator[list[InvalidRow]]


class DownloadInvalidRows:
    """The complete error list of an upload: the report keeps samples, this keeps nothing out.

    The archived object is copied to a temporary file (the archive may be S3) and validated again
    against the dataset's current contract, so the rows listed are those its contract rejects now
    (the same as at upload time unless the contract changed since). Owner or admin only, like GetUpload.
    """

    def __init__(self, *, uploads: UploadRepository, datasets: DatasetStore, objects: ObjectStore) -> None:
        self._get_upload = GetUpload(uploads=uploads)
        self._datasets = datasets
        self._objects = objects

    async def __call__(self, upload_id: str, viewer: TokenClaims) -> InvalidRows:
        upload = await self._get_upload(upload_id, viewer)
        copy = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the batches' generator
        try:
            await self._objects.download(upload.object_key, copy)
            stored = await self._datasets.get_contract(upload.dataset)
            contract = None if stored is None else stored.schema
            report, rows = await asyncio.to_thread(find_invalid_rows, copy, contract=contract)
        except BaseException:
            copy.close()
            raise
        header = tuple(column.source_name for column in report.columns)
        return InvalidRows(upload.filename, header, _batches(rows, copy))


async def _batches(rows: Iterator[InvalidRow], copy: BinaryIO) -> AsyncIterator[list[InvalidRow]]:
    """Each batch read in a worker thread, so the event loop keeps serving while the file is read."""
    try:
        while batch := await asyncio.to_thread(lambda: list(islice(rows, BATCH_ROWS))):
            yield batch
    finally:
        copy.close()
