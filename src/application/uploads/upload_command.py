"""An upload as its caller asks for it, and the record a new upload starts as (in its request or queued)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import BinaryIO

import msgspec

from application.uploads.file_digest import FileDigest
from application.uploads.refused_attempts import Attempt
from application.uploads.tabular_source import archive_extension
from application.use_cases.generate_insights import Language
from domain.auth.role import Role
from domain.uploads.object_key import object_key
from domain.uploads.upload import LoadMode, OnError, Upload


class UploadCommand(msgspec.Struct, frozen=True, kw_only=True):
    dataset: str
    on_error: OnError
    filename: str
    # The caller: the account the upload is recorded under, and its role (the upload policy's question).
    uploaded_by: str
    role: Role
    source: BinaryIO
    language: Language = "en"
    mode: LoadMode = LoadMode.APPEND
    # An object already in the archive (`ingesta load s3://...`): recorded by this key, not stored again.
    archived_key: str | None = None
    # The sheet of an .xlsx workbook to read (its first sheet when None); CSV files take none.
    sheet: str | None = None
    # The source's size and SHA-256 when whoever wrote it computed them already (the HTTP spool does).
    digest: FileDigest | None = None
    # The upload whose file this one corrects (`CorrectUpload` builds such a command).
    corrects: str | None = None

    def attempt(self, size: int) -> Attempt:
        """This command as a refused attempt is recorded."""
        return Attempt(uploaded_by=self.uploaded_by, dataset=self.dataset, filename=self.filename, bytes=size)


def new_upload(
    start: Callable[..., Upload],
    command: UploadCommand,
    dataset: str,
    digest: FileDigest,
    created_at: datetime,
) -> Upload:
    """The record of a file accepted at `created_at`: `start` is `Upload.received` (processed in its request)
    or `Upload.queued` (processed by a worker)."""
    upload_id = str(uuid.uuid4())
    return start(
        id=upload_id,
        dataset=dataset,
        filename=display_filename(command.filename),
        bytes=digest.size,
        sha256=digest.sha256,
        object_key=command.archived_key
        or object_key(dataset, upload_id, created_at, archive_extension(digest.head)),
        uploaded_by=command.uploaded_by,
        created_at=created_at,
        on_error=command.on_error,
        mode=command.mode,
        corrects=command.corrects,
    )


def display_filename(raw: str) -> str:
    """The name a client sent, only for display: any path stripped, kept to a sane length."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (name or "upload.csv")[:255]
