"""UploadCsv: archive the raw file, validate it, load what the policy allows, and record it all."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Sequence
from typing import BinaryIO

import msgspec

from application.errors import Conflict, DatabaseUnavailable, ObjectStoreUnavailable, UnsupportedContent
from application.ports.clock import Clock
from application.ports.dataset_store import DatasetStore
from application.ports.object_store import ObjectStore
from application.ports.upload_repository import UploadRepository
from application.use_cases.csv_passes import typed_batches, validate
from application.use_cases.file_digest import FileDigest, digest_file
from application.use_cases.generate_insights import (
    GeneratedInsights,
    GenerateInsights,
    InsightSettings,
    Language,
)
from domain.uploads.content_sniffing import binary_content_reason
from domain.uploads.dataset_name import parse_dataset_name
from domain.uploads.object_key import object_key
from domain.uploads.upload import OnError, Upload, UploadStatus
from domain.validation.report import Column, RowCounts, ValidationReport
from domain.validation.row_rule import RowRule

logger = logging.getLogger("ingesta.uploads")

RowRuleFactory = Callable[[], Sequence[RowRule]]


class UploadCommand(msgspec.Struct, frozen=True, kw_only=True):
    dataset: str
    on_error: OnError
    filename: str
    uploaded_by: str
    source: BinaryIO
    language: Language = "en"


class UploadCsv:
    """One upload end to end; afterwards every stored object has a record and nothing is half loaded."""

    def __init__(
        self,
        *,
        uploads: UploadRepository,
        datasets: DatasetStore,
        objects: ObjectStore,
        clock: Clock,
        extra_rules: RowRuleFactory = tuple,
        insights: GenerateInsights | None = None,
        insight_settings: InsightSettings | None = None,
    ) -> None:
        self._uploads = uploads
        self._datasets = datasets
        self._objects = objects
        self._clock = clock
        self._extra_rules = extra_rules
        self._insights = insights
        self._insight_settings = insight_settings or InsightSettings()

    async def __call__(self, command: UploadCommand) -> Upload:
        dataset = parse_dataset_name(command.dataset)
        digest = await asyncio.to_thread(digest_file, command.source)
        _refuse_binary(digest)
        existing = await self._uploads.find_loaded(dataset, digest.sha256)
        if existing is not None:
            raise _already_loaded(dataset, existing, command.uploaded_by)
        upload = self._received(command, dataset, digest)
        await self._uploads.add(upload)
        try:
            return await self._process(upload, command)
        except BaseException as error:
            failure = await self._scoped(error, dataset, command.uploaded_by)
            # Whatever stops the upload (an outage, a race lost, a bug, a cancelled request), its
            # record must not stay "received": the archived object is tracked as a failed upload.
            await asyncio.shield(self._mark_failed(upload, _failure_reason(upload, failure)))
            if failure is error:
                raise
            raise failure from None

    async def _scoped(self, error: BaseException, dataset: str, uploader: str) -> BaseException:
        """A race lost to another user's identical upload must not name theirs (as the early check)."""
        if not isinstance(error, Conflict) or error.existing_id is None:
            return error
        existing = await self._uploads.get(error.existing_id)
        if existing is not None and existing.uploaded_by == uploader:
            return error
        return Conflict(f"this exact file was already loaded into {dataset!r} by another user")

    async def _process(self, upload: Upload, command: UploadCommand) -> Upload:
        await self._objects.put(upload.object_key, command.source, size=upload.bytes, sha256=upload.sha256)
        established = await self._datasets.get_columns(upload.dataset)
        validated = await validate(command.source, established, self._extra_rules())
        generated = await self._generate_insights(validated.report, established, command.language)
        if generated is not None and generated.insights.mapping_applied:
            # The model mapped every unmatched header confidently and automatic mapping is on.
            renames = tuple((m.source, m.target) for m in generated.insights.mapping)
            validated = await validate(command.source, established, self._extra_rules(), renames)
        _attach_report(upload, validated.report, generated)
        report = validated.report
        if report.blocks_every_row or (report.has_errors and command.on_error is OnError.REJECT):
            upload.status = UploadStatus.REJECTED
            await self._uploads.save(upload)
            return upload
        upload.status = UploadStatus.LOADED
        upload.rows = _rows_with_loaded(validated.report.rows, command.on_error)
        batches = typed_batches(command.source, validated, command.on_error)
        loaded = await self._datasets.load(upload, validated.report.columns, batches)
        if loaded != upload.rows.loaded:
            logger.error(
                "upload %s loaded %d rows where validation counted %d", upload.id, loaded, upload.rows.loaded
            )
            upload.rows = msgspec.structs.replace(upload.rows, loaded=loaded)
        return upload

    def _received(self, command: UploadCommand, dataset: str, digest: FileDigest) -> Upload:
        upload_id = str(uuid.uuid4())
        created_at = self._clock.now()
        return Upload(
            id=upload_id,
            dataset=dataset,
            status=UploadStatus.RECEIVED,
            filename=_safe_filename(command.filename),
            bytes=digest.size,
            sha256=digest.sha256,
            object_key=object_key(dataset, upload_id, created_at),
            uploaded_by=command.uploaded_by,
            created_at=created_at,
            on_error=command.on_error,
        )

    async def _generate_insights(
        self, report: ValidationReport, established: tuple[Column, ...] | None, language: Language
    ) -> GeneratedInsights | None:
        """The model's reading of the report; bounded by its timeout and never a reason to fail."""
        if self._insights is None:
            return None
        return await self._insights(report, established, language, self._insight_settings)

    async def _mark_failed(self, upload: Upload, reason: str) -> None:
        upload.status = UploadStatus.FAILED
        upload.failure = reason
        upload.rows = msgspec.structs.replace(upload.rows, loaded=0)
        try:
            await self._uploads.save(upload)
        except DatabaseUnavailable:
            logger.error("could not record upload %s as failed: the database is unavailable", upload.id)


def _failure_reason(upload: Upload, error: BaseException) -> str:
    if isinstance(error, ObjectStoreUnavailable):
        return "the object store was unavailable; nothing was loaded"
    if isinstance(error, DatabaseUnavailable):
        return "the database became unavailable; no row was kept"
    if isinstance(error, Conflict):
        return error.detail
    if isinstance(error, asyncio.CancelledError):
        return "the upload was interrupted; no row was kept"
    logger.error("upload %s failed", upload.id, exc_info=error)
    return "processing failed; no row was kept"


def _already_loaded(dataset: str, existing: Upload, uploader: str) -> Conflict:
    if existing.uploaded_by == uploader:
        return Conflict(
            f"this exact file was already loaded into {dataset!r} by upload {existing.id}",
            existing_id=existing.id,
        )
    # The check stays per dataset (loading the same rows twice would duplicate them), but another
    # user's upload is theirs: say the content is there, not which upload or whose it is.
    return Conflict(f"this exact file was already loaded into {dataset!r} by another user")


def _refuse_binary(digest: FileDigest) -> None:
    reason = binary_content_reason(digest.head)
    if reason is not None:
        raise UnsupportedContent(reason)


def _attach_report(upload: Upload, report: ValidationReport, generated: GeneratedInsights | None) -> None:
    # In place: if a later step fails, the failed record still carries the report.
    validations = report.validations
    if generated is not None and generated.column_mapping is not None:
        validations = (*validations, generated.column_mapping)
    upload.encoding = report.encoding
    upload.delimiter = report.delimiter
    upload.rows = report.rows
    upload.columns = report.columns
    upload.validations = validations
    upload.insights = None if generated is None else msgspec.to_builtins(generated.insights)


def _rows_with_loaded(rows: RowCounts, on_error: OnError) -> RowCounts:
    loaded = rows.total if on_error is OnError.ACCEPT else rows.valid
    return msgspec.structs.replace(rows, loaded=loaded)


def _safe_filename(raw: str) -> str:
    # Only for display: strip any path a client sent and keep it to a sane length.
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (name or "upload.csv")[:255]
