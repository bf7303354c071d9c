"""The Upload entity: one file sent for one dataset, with its outcome and report."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec

from domain.validation.report import Column, RowCounts, Validation, ValidationReport


class UploadStatus(StrEnum):
    RECEIVED = "received"  # processed inside its request (the synchronous answer)
    QUEUED = "queued"  # archived, waiting for a worker (202 Accepted)
    VALIDATING = "validating"
    LOADING = "loading"
    LOADED = "loaded"
    REJECTED = "rejected"
    FAILED = "failed"
    CANCELLED = "cancelled"  # its owner or an admin stopped it while queued or running; nothing loaded
    # Refused before validation (409 same content, 413 too large, 415 not a table): a small record of the
    # attempt for its sender's history, with no stored file and no report.
    REFUSED = "refused"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATUSES


FINAL_STATUSES = frozenset(
    {
        UploadStatus.LOADED,
        UploadStatus.REJECTED,
        UploadStatus.FAILED,
        UploadStatus.CANCELLED,
        UploadStatus.REFUSED,
    }
)
# A job's record in one of these has a worker on it, or had one that died (its lease says which).
JOB_STATUSES = frozenset({UploadStatus.QUEUED, UploadStatus.VALIDATING, UploadStatus.LOADING})


class UploadProgress(msgspec.Struct, frozen=True, kw_only=True):
    """How far a queued upload has come: its phase, and rows validated and loaded so far."""

    phase: str = UploadStatus.QUEUED.value
    rows_validated: int = 0
    rows_loaded: int = 0
    # The file's data rows as its line count tells (known once the file is received; a quoted field
    # spanning lines makes it an overestimate): what clients base a percentage and an estimate on.
    rows_expected: int | None = None


class OnError(StrEnum):
    """What to load when error-level validations fail."""

    REJECT = "reject"
    SKIP = "skip"
    ACCEPT = "accept"


class RefusalReason(StrEnum):
    """Why an attempt was refused before validation (an upload's `refusal`)."""

    DUPLICATE = "duplicate"  # this exact content is already loaded into the dataset (409)
    TOO_LARGE = "too_large"  # over the size limit (413)
    UNSUPPORTED = "unsupported"  # not CSV text or an .xlsx workbook (415)


class LoadMode(StrEnum):
    """How an upload's rows meet the rows already in the dataset (keys come from its contract)."""

    APPEND = "append"  # add them; a key already in the dataset is an error, decided by on_error
    UPSERT = "upsert"  # add them; a row whose key exists replaces that row
    REPLACE = "replace"  # the upload's rows become the dataset's whole content


class Upload(msgspec.Struct, kw_only=True):
    """Received, then rejected or loaded by its report, or failed: its methods move it, callers do not.

    The report's parts are fields, not a nested report, because they are what the stored record and the
    HTTP JSON of an upload have always shown.
    """

    id: str
    dataset: str
    status: UploadStatus
    filename: str
    bytes: int
    sha256: str
    object_key: str
    uploaded_by: str
    created_at: datetime
    on_error: OnError = OnError.REJECT
    encoding: str | None = None
    delimiter: str | None = None
    rows: RowCounts = msgspec.field(default_factory=RowCounts)
    columns: tuple[Column, ...] = ()
    validations: tuple[Validation, ...] = ()
    insights: dict[str, object] | None = None
    failure: str | None = None
    mode: LoadMode = LoadMode.APPEND
    # The contract version the file was checked against (None until the upload was validated).
    schema_version: int | None = None
    # Of `rows.loaded`: rows new to the dataset, and rows that replaced one with the same key (upsert).
    inserted: int = 0
    updated: int = 0
    # Only for uploads processed as jobs (202 Accepted); None for those answered within their request.
    progress: UploadProgress | None = None
    # The upload whose file this one corrects (a few cells fixed from its report), if any.
    corrects: str | None = None
    # Only for status `refused`: why (its sentence is in `failure`).
    refusal: RefusalReason | None = None

    @classmethod
    def received(
        cls,
        *,
        id: str,
        dataset: str,
        filename: str,
        bytes: int,
        sha256: str,
        object_key: str,
        uploaded_by: str,
        created_at: datetime,
        on_error: OnError = OnError.REJECT,
        mode: LoadMode = LoadMode.APPEND,
        corrects: str | None = None,
    ) -> Upload:
        """A file just accepted for processing: archived next, then validated."""
        return cls(
            id=id,
            dataset=dataset,
            status=UploadStatus.RECEIVED,
            filename=filename,
            bytes=bytes,
            sha256=sha256,
            object_key=object_key,
            uploaded_by=uploaded_by,
            created_at=created_at,
            on_error=on_error,
            mode=mode,
            corrects=corrects,
        )

    @classmethod
    def refused(
        cls,
        *,
        id: str,
        dataset: str,
        filename: str,
        bytes: int,
        uploaded_by: str,
        created_at: datetime,
        reason: RefusalReason,
        detail: str,
    ) -> Upload:
        """An attempt refused before anything was stored: no file, no checksum, no report."""
        return cls(
            id=id,
            dataset=dataset,
            status=UploadStatus.REFUSED,
            filename=filename,
            bytes=bytes,
            sha256="",
            object_key="",
            uploaded_by=uploaded_by,
            created_at=created_at,
            failure=detail,
            refusal=reason,
        )

    @classmethod
    def queued(cls, **fields: Any) -> Upload:
        """A file archived for a worker to process: the same fields as `received`."""
        upload = cls.received(**fields)
        upload.status = UploadStatus.QUEUED
        upload.progress = UploadProgress()
        return upload

    def measure(self, *, size: int, sha256: str) -> None:
        """The archived file's own size and SHA-256, read from it (a presigned upload only declared them)."""
        self.bytes, self.sha256 = size, sha256

    def judge_against(self, schema_version: int) -> None:
        """The version of the dataset's contract its report is about to be made against."""
        self.schema_version = schema_version

    def expect_rows(self, rows: int | None) -> None:
        """The rows its file's line count promises: a job's progress carries them for an estimate."""
        if self.progress is not None:
            self.progress = msgspec.structs.replace(self.progress, rows_expected=rows)

    def examine(self, report: ValidationReport, insights: dict[str, object] | None = None) -> None:
        """Carry the report (and the model's reading of it) before its outcome is known, so that a
        failure later still shows what validation found."""
        self.encoding = report.encoding
        self.delimiter = report.delimiter
        self.rows = report.rows
        self.columns = report.columns
        self.validations = report.validations
        self.insights = insights

    def reject(
        self, report: ValidationReport | None = None, insights: dict[str, object] | None = None
    ) -> None:
        """Nothing of it loads. Without `report`, the one it carries decided (a rule checked at load)."""
        if report is not None:
            self.examine(report, insights)
        self.status = UploadStatus.REJECTED
        self.rows = msgspec.structs.replace(self.rows, loaded=0)
        self._progress_done()

    def load(
        self, report: ValidationReport, on_error: OnError, insights: dict[str, object] | None = None
    ) -> None:
        """Loaded as `on_error` allows: every row under `accept`, the valid ones otherwise."""
        self.examine(report, insights)
        self.status = UploadStatus.LOADED
        loaded = report.rows.total if on_error is OnError.ACCEPT else report.rows.valid
        self.rows = msgspec.structs.replace(report.rows, loaded=loaded)
        self._progress_done()

    def report_rules(self, validations: tuple[Validation, ...]) -> None:
        """The report's rules once each has reported (row rules may report while the rows load)."""
        self.validations = validations

    def find_key_clashes(self, validation: Validation, on_error: OnError) -> None:
        """Rule `primary-key-in-dataset` decided at load (`validation.count` rows hold a key the dataset
        has): the rule joins the report, the clashing rows stay out, and under `reject` nothing loads."""
        self.validations = (*self.validations, validation)
        clashes = validation.count
        if not clashes:
            return
        rows = self.rows
        if on_error is OnError.ACCEPT:
            # Accepted rows may already count as invalid; only the load count is certain to change.
            self.rows = msgspec.structs.replace(rows, loaded=rows.loaded - clashes)
            return
        # Under reject and skip every staged row had passed validation until now.
        self.rows = msgspec.structs.replace(
            rows, valid=rows.valid - clashes, invalid=rows.invalid + clashes, loaded=rows.loaded - clashes
        )
        if on_error is OnError.REJECT:
            self.reject()

    def count_loaded(self, *, inserted: int, updated: int) -> None:
        """What the dataset's table received: new rows and rows that replaced one with the same key."""
        self.inserted, self.updated = inserted, updated
        self.rows = msgspec.structs.replace(self.rows, loaded=inserted + updated)
        self._progress_done()

    def fail(self, reason: str) -> None:
        """Processing stopped for `reason`; no row of it stays, whatever it was about to load."""
        self.status = UploadStatus.FAILED
        self.failure = reason
        self.rows = msgspec.structs.replace(self.rows, loaded=0)
        self._progress_done()

    def cancel(self, reason: str) -> None:
        """Stopped on request before its outcome committed: no row of it stays."""
        self.status = UploadStatus.CANCELLED
        self.failure = reason
        self.rows = msgspec.structs.replace(self.rows, loaded=0)
        self._progress_done()

    def _progress_done(self) -> None:
        if self.progress is not None:
            self.progress = UploadProgress(
                phase=self.status.value,
                rows_validated=self.rows.total,
                rows_loaded=self.rows.loaded,
                rows_expected=self.progress.rows_expected,
            )
