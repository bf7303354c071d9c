"""CorrectUpload: a rejected or partly loaded upload's file with a few cells fixed, as a new upload's command.

The corrected file is built here from the archived original and the edits (row, column, value); the client
never sends the file. The caller runs the command like any other upload (`UploadCsv`, `AcceptUpload`, or
`CheckUpload` for a dry run), so the new upload is validated, archived and recorded as every upload is,
naming the upload it corrects.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable, Sequence
from typing import BinaryIO

from application.errors import Conflict, UnprocessableRequest
from application.ports.csv_validator import CsvValidator
from application.ports.dataset_store import DatasetStore
from application.ports.object_store import ObjectStore
from application.ports.spreadsheet_reader import SpreadsheetReader
from application.ports.upload_repository import UploadRepository
from application.uploads.corrected_file import write_corrected
from application.uploads.file_digest import digest_file
from application.uploads.tabular_source import archived_csv_text
from application.uploads.upload_command import UploadCommand
from application.use_cases.generate_insights import Language
from application.use_cases.get_upload import GetUpload
from domain.auth.claims import TokenClaims
from domain.uploads.cell_corrections import CellEdit, CorrectionRefused, check_edits
from domain.uploads.upload import OnError, Upload, UploadStatus


class CorrectUpload:
    """Owner or admin only (anyone else is told there is no such upload, as by `GetUpload`)."""

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

    async def __call__(
        self,
        upload_id: str,
        edits: Sequence[CellEdit],
        viewer: TokenClaims,
        *,
        language: Language = "en",
        sheet: str | None = None,
    ) -> UploadCommand:
        """The command of the corrected upload; its `source` is a temporary file the caller closes."""
        try:
            check_edits(edits)
        except CorrectionRefused as error:
            raise UnprocessableRequest(str(error)) from error
        original = await self._get_upload(upload_id, viewer)
        partly_loaded = _correctable(original)
        original_copy = await archived_csv_text(self._objects, original.object_key, self._spreadsheets, sheet)
        corrected: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, or closed
        try:
            keep = await self._rows_left_out(original, original_copy) if partly_loaded else _every_row
            await asyncio.to_thread(
                write_corrected,
                original_copy,
                corrected,
                encoding=original.encoding or "utf-8",
                delimiter=original.delimiter or ",",
                edits=edits,
                keep=keep,
            )
            digest = await asyncio.to_thread(digest_file, corrected)
        except CorrectionRefused as error:
            corrected.close()
            raise UnprocessableRequest(str(error)) from error
        except BaseException:
            corrected.close()
            raise
        finally:
            original_copy.close()
        return UploadCommand(
            dataset=original.dataset,
            on_error=original.on_error,
            filename=original.filename,
            uploaded_by=viewer.user_id,
            role=viewer.role,
            source=corrected,
            language=language,
            mode=original.mode,
            digest=digest,
            corrects=original.id,
        )

    async def _rows_left_out(self, original: Upload, copy: BinaryIO) -> Callable[[int], bool]:
        """The rows `on_error=skip` left out: those the dataset's contract finds invalid (as errors.csv)."""
        stored = await self._datasets.get_contract(original.dataset)
        contract = None if stored is None else stored.schema

        def invalid_row_numbers() -> set[int]:
            _, rows = self._validator.invalid_rows(copy, contract=contract)
            return {row.row for row in rows}

        left_out = await asyncio.to_thread(invalid_row_numbers)
        copy.seek(0)
        return left_out.__contains__


def _every_row(_row: int) -> bool:
    return True


def _correctable(upload: Upload) -> bool:
    """Whether `upload` can be corrected, and if so whether it was loaded in part (only its rows left out
    are sent again, so no loaded row is loaded twice)."""
    if upload.status is UploadStatus.REJECTED and upload.encoding is not None:
        return False
    if (
        upload.status is UploadStatus.LOADED
        and upload.on_error is OnError.SKIP
        and upload.rows.loaded < upload.rows.total
    ):
        return True
    raise Conflict(
        f"upload {upload.id} is {upload.status.value}: only a rejected or partly loaded upload can be "
        "corrected cell by cell"
    )
