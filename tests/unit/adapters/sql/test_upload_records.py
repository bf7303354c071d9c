from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from adapters.sql.upload_records import row_to_upload, upload_to_row
from domain.uploads.upload import OnError, Upload, UploadStatus
from domain.validation.report import Column, ColumnType, RowCounts, RuleStatus, Sample, Severity, Validation

pytestmark = pytest.mark.unit


def full_upload() -> Upload:
    return Upload(
        id="u-1",
        dataset="sales",
        status=UploadStatus.LOADED,
        filename="Pérez.csv",
        bytes=10,
        sha256="f" * 64,
        object_key="sales/2025/01/01/u-1.csv",
        uploaded_by="user-1",
        created_at=datetime(2025, 1, 1, tzinfo=UTC),
        on_error=OnError.ACCEPT,
        encoding="utf-8",
        delimiter=",",
        rows=RowCounts(total=3, valid=2, invalid=1, loaded=3),
        columns=(Column("name", "Name", ColumnType.STRING, required=True),),
        validations=(
            Validation(
                "missing-value",
                "Missing",
                Severity.ERROR,
                RuleStatus.FAILED,
                1,
                False,
                (Sample(row=3, column="name", value=None, message="empty"),),
            ),
        ),
        insights={"note": "😀", "n": 2},
        failure=None,
    )


def test_an_upload_survives_the_row_mapping_unchanged() -> None:
    upload = full_upload()

    row = upload_to_row(upload)

    assert row_to_upload(SimpleNamespace(_mapping=row)) == upload  # type: ignore[arg-type]


def test_nested_report_parts_are_stored_as_json_text() -> None:
    row = upload_to_row(full_upload())

    assert row["columns"] == '[{"name":"name","source_name":"Name","type":"string","required":true}]'
    assert row["insights"] == '{"note":"😀","n":2}'
    assert (row["status"], row["on_error"], row["rows_invalid"]) == ("loaded", "accept", 1)
