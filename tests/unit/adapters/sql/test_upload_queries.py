"""The uploads table and its queries as SQL Server and PostgreSQL receive them."""

from __future__ import annotations

import pytest
from sqlalchemy.dialects import mssql, postgresql
from sqlalchemy.schema import CreateIndex, CreateTable

from adapters.sql.sql_upload_repository import count_query, list_query
from adapters.sql.upload_tables import uploads

pytestmark = pytest.mark.unit


def sql_server() -> mssql.dialect:
    """The dialect as it is once connected to SQL Server 2022 (it learns the version on connect)."""
    dialect = mssql.dialect(deprecate_large_types=True)
    dialect.server_version_info = (16, 0)
    dialect._setup_version_attributes()
    return dialect


def test_sql_server_uploads_table_keeps_unicode_and_offsets() -> None:
    text = str(CreateTable(uploads).compile(dialect=sql_server()))

    assert "filename NVARCHAR(255) NOT NULL" in text
    assert "created_at DATETIMEOFFSET NOT NULL" in text
    assert "validations NVARCHAR(max) NOT NULL" in text
    assert "insights NVARCHAR(max) NULL" in text
    assert "bytes BIGINT NOT NULL" in text
    assert "columns NVARCHAR(max) NOT NULL" in text


def test_uploads_indexes_serve_listing_and_duplicate_lookup() -> None:
    indexes = {str(CreateIndex(index).compile(dialect=postgresql.dialect())) for index in uploads.indexes}

    assert indexes == {
        "CREATE INDEX ix_uploads_uploaded_by_created_at ON uploads (uploaded_by, created_at)",
        "CREATE INDEX ix_uploads_dataset_sha256_status ON uploads (dataset, sha256, status)",
        # The lease reaper's "uploads in a job status past their lease".
        "CREATE INDEX ix_uploads_status_lease_until ON uploads (status, lease_until)",
    }


def test_sql_server_pages_with_order_by_then_offset_fetch() -> None:
    text = " ".join(str(list_query("user-1", 20, 40).compile(dialect=sql_server())).split())

    assert text.endswith(
        "WHERE uploads.uploaded_by = :uploaded_by_1 "
        "ORDER BY uploads.created_at DESC, uploads.id DESC "
        "OFFSET :param_1 ROWS FETCH FIRST :param_2 ROWS ONLY"
    )


def test_postgresql_pages_with_limit_and_offset() -> None:
    text = " ".join(str(list_query(None, 20, 40).compile(dialect=postgresql.dialect())).split())

    assert "WHERE" not in text
    assert text.endswith(
        "ORDER BY uploads.created_at DESC, uploads.id DESC "
        "LIMIT %(param_1)s::INTEGER OFFSET %(param_2)s::INTEGER"
    )


def test_the_total_counts_only_the_owners_uploads() -> None:
    text = " ".join(str(count_query("user-1").compile(dialect=postgresql.dialect())).split())

    assert (
        text
        == "SELECT count(*) AS count_1 FROM uploads WHERE uploads.uploaded_by = %(uploaded_by_1)s::VARCHAR"
    )
