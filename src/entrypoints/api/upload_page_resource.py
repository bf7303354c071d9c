"""GET /uploads as the HTTP API answers it: its own structs, so the listing's summaries (a domain
value) can change without changing the JSON clients read (fields and order as the API has always sent).

The classes keep the names the OpenAPI document has always given them (`UploadPage`, `UploadSummary`,
`FailedRule`); callers import the module to keep them apart from the application's and domain's.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from application.use_cases import list_uploads
from domain.uploads import upload_summary
from domain.uploads.upload import OnError, RefusalReason, UploadStatus
from domain.validation.report import RowCounts, Severity


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
    # The upload this one corrects (POST /uploads/{id}/corrections), if any.
    corrects: str | None = None
    # Only for status `refused`: duplicate | too_large | unsupported.
    refusal: RefusalReason | None = None

    @classmethod
    def of(cls, summary: upload_summary.UploadSummary) -> UploadSummary:
        fields = {name: getattr(summary, name) for name in cls.__struct_fields__}
        fields["failed_rules"] = tuple(
            FailedRule(rule.rule, rule.severity, rule.count) for rule in summary.failed_rules
        )
        return cls(**fields)


class UploadPage(msgspec.Struct, frozen=True):
    items: list[UploadSummary]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, page: list_uploads.UploadPage) -> UploadPage:
        return cls([UploadSummary.of(item) for item in page.items], page.total, page.limit, page.offset)
