"""What a listing shows of an upload: its outcome in a few fields, never its columns or samples."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import msgspec

from domain.uploads.upload import OnError, RefusalReason, Upload, UploadStatus
from domain.validation.report import RowCounts, RuleStatus, Severity


class FailedRule(msgspec.Struct, frozen=True):
    rule: str
    severity: Severity
    count: int


class UploadSummary(msgspec.Struct, frozen=True, kw_only=True):
    """Bounded in size whatever the file held; GET /uploads/{id} has the full report."""

    id: str
    dataset: str
    status: UploadStatus
    filename: str
    bytes: int
    object_key: str
    uploaded_by: str
    created_at: datetime
    on_error: OnError
    rows: RowCounts
    failed_rules: tuple[FailedRule, ...] = ()
    corrects: str | None = None
    # Set on a `refused` attempt: why it was refused before validation.
    refusal: RefusalReason | None = None


class RuleOutcome(msgspec.Struct, frozen=True):
    """The part of a stored validation a summary needs (decoding it skips the samples)."""

    rule: str
    severity: Severity
    status: RuleStatus
    count: int = 0


def failed_rules(outcomes: Iterable[RuleOutcome]) -> tuple[FailedRule, ...]:
    return tuple(
        FailedRule(outcome.rule, outcome.severity, outcome.count)
        for outcome in outcomes
        if outcome.status is RuleStatus.FAILED
    )


def summarize(upload: Upload) -> UploadSummary:
    outcomes = (RuleOutcome(v.rule, v.severity, v.status, v.count) for v in upload.validations)
    return UploadSummary(
        id=upload.id,
        dataset=upload.dataset,
        status=upload.status,
        filename=upload.filename,
        bytes=upload.bytes,
        object_key=upload.object_key,
        uploaded_by=upload.uploaded_by,
        created_at=upload.created_at,
        on_error=upload.on_error,
        rows=upload.rows,
        failed_rules=failed_rules(outcomes),
        corrects=upload.corrects,
        refusal=upload.refusal,
    )
