"""The `uploads` table: one row per received file, its outcome and its report as JSON text."""

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Unicode, UnicodeText

from adapters.sql.metadata import metadata
from adapters.sql.sql_types import UtcDateTime

uploads = Table(
    "uploads",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("dataset", String(63), nullable=False),
    Column("status", String(16), nullable=False),
    # Client-chosen text: Unicode so SQL Server stores it as NVARCHAR, not a code-page VARCHAR.
    Column("filename", Unicode(255), nullable=False),
    Column("bytes", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("object_key", Unicode(1024), nullable=False),
    Column("uploaded_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("on_error", String(16), nullable=False),
    Column("encoding", String(32), nullable=True),
    Column("delimiter", Unicode(8), nullable=True),
    Column("rows_total", BigInteger, nullable=False),
    Column("rows_valid", BigInteger, nullable=False),
    Column("rows_invalid", BigInteger, nullable=False),
    Column("rows_loaded", BigInteger, nullable=False),
    # JSON documents as text (NVARCHAR(max) on SQL Server): the report can be large and is only ever
    # read whole, so a JSON column type would buy nothing and differ per dialect.
    Column("columns", UnicodeText, nullable=False),
    Column("validations", UnicodeText, nullable=False),
    Column("insights", UnicodeText, nullable=True),
    Column("failure", UnicodeText, nullable=True),
    # Added by 0003_contracts (so they come last, as ALTER TABLE ADD put them).
    Column("mode", String(16), nullable=False),
    Column("schema_version", Integer, nullable=True),
    Column("rows_inserted", BigInteger, nullable=False),
    Column("rows_updated", BigInteger, nullable=False),
    # Added by 0005_jobs: a queued upload's progress (JSON), the worker holding it until when, how many
    # workers took it, and the job's own options (JSON) so a lost job can be queued again.
    Column("progress", UnicodeText, nullable=True),
    Column("lease_owner", String(64), nullable=True),
    Column("lease_until", UtcDateTime, nullable=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("job", UnicodeText, nullable=True),
    # Added by 0007_cancel: why a cancel was asked for; once set, no outcome but `cancelled` commits.
    Column("cancel_reason", UnicodeText, nullable=True),
    # Added by 0008_corrections: the upload this one corrects, and why an attempt was refused before
    # validation (status `refused`; such a record has no object and no report).
    Column("corrects", String(36), nullable=True),
    Column("refusal", String(32), nullable=True),
    # "My uploads, newest first" and "is this content already loaded into this dataset?"
    Index("ix_uploads_uploaded_by_created_at", "uploaded_by", "created_at"),
    Index("ix_uploads_dataset_sha256_status", "dataset", "sha256", "status"),
    Index("ix_uploads_status_lease_until", "status", "lease_until"),
)
