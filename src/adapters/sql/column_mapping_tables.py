"""`column_mappings`: the pairing a user confirmed for one dataset and one file header set.

`header_key` is the SHA-256 of the sorted header set (`domain.column_matching.remembered_mapping`), so
the key stays short whatever the headers; `headers` and `columns` are JSON (NVARCHAR(MAX) on SQL Server).
"""

from sqlalchemy import Column, String, Table, UnicodeText

from adapters.sql.metadata import metadata
from adapters.sql.sql_types import UtcDateTime

column_mappings = Table(
    "column_mappings",
    metadata,
    Column("dataset", String(63), primary_key=True),
    Column("header_key", String(64), primary_key=True),
    Column("headers", UnicodeText, nullable=False),
    Column("columns", UnicodeText, nullable=False),
    Column("saved_by", String(64), nullable=False),
    Column("saved_at", UtcDateTime, nullable=False),
)
