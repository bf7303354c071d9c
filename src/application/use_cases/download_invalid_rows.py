"""DownloadInvalidRows: every invalid row of an upload with its reasons, read again from the archive."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from itertools import islice
from typing import BinaryIO

import msgspec

from application.errors import InvalidInput
from application.ports.csv_validator import CsvValidator
from application.ports.dataset_store import DatasetStore
from application.ports.object_store import ObjectStore
from application.ports.spreadsheet_reader import SpreadsheetReader
from application.ports.upload_repository import UploadRepository
from application.uploads.tabular_source import archived_csv_text
from application.use_cases.get_upload import GetUpload
from domain.auth.claims import TokenClaims
from domain.validation.row_findings import InvalidRow

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

    def __init__(
        self,
        *,
        uploads: UploadRepository,
        datasets: DatasetStore,
        objects: ObjectStore,
        validator: CsvValidator,
        spreadsheets: SpreadsheetReader | None = None,
    ) -> None:
        self._get_upload = GetUpload(uploads=uploads)
        self._validator = validator
        self._datasets = datasets
        self._objects = objects
        self._spreadsheets = spreadsheets

    async def __call__(self, upload_id: str, viewer: TokenClaims, sheet: str | None = None) -> InvalidRows:
        """`sheet`: for a workbook uploaded with `sheet=`, the same sheet (the first one otherwise)."""
        upload = await self._get_upload(upload_id, viewer)
        # Closed by the batches' generator, or here if reading it fails.
        copy = await archived_csv_text(self._objects, upload.object_key, self._spreadsheets, sheet)
        try:
            stored = await self._datasets.get_contract(upload.dataset)
            contract = None if stored is None else stored.schema
            invalid_rows = self._validator.invalid_rows
            report, rows = await asyncio.to_thread(invalid_rows, copy, contract=contract)
        except BaseException:
            copy.close()
            raise
        if upload.columns and report.rows.total != upload.rows.total:
            copy.close()
            raise InvalidInput(
                f"the archived file now reads as {report.rows.total} rows, not {upload.rows.total}; "
                "for a workbook, name the sheet it was uploaded from with ?sheet="
            )
        header = tuple(column.source_name for column in report.columns)
        return InvalidRows(upload.filename, header, _batches(rows, copy))


async def _batches(rows: Iterator[InvalidRow], copy: BinaryIO) -> AsyncIterator[list[InvalidRow]]:
    """Each batch read in a worker thread, so the event loop keeps serving while the file is read."""
    try:
        while batch := await asyncio.to_thread(lambda: list(islice(rows, BATCH_ROWS))):
            yield batch
    finally:
        copy.close()
