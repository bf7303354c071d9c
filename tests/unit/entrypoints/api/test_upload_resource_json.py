"""The API answers an upload with its own struct; the JSON is byte for byte what the entity gave before."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest
from tests.unit.entrypoints.api.test_upload_http import Api, api  # noqa: F401 - the fixture

from domain.uploads.upload import LoadMode, OnError, Upload, UploadStatus
from domain.validation.report import Column, ColumnType, RowCounts, RuleStatus, Sample, Severity, Validation
from entrypoints.api.upload_resource import Upload as UploadResource

pytestmark = pytest.mark.unit

UPLOAD = Upload(
    id="u-1",
    dataset="sales",
    status=UploadStatus.LOADED,
    filename="ventas.csv",
    bytes=42,
    sha256="a" * 64,
    object_key="sales/2026/12/01/u-1.csv",
    uploaded_by="user-1",
    created_at=datetime(2026, 12, 1, 12, 30, 5, 123000, tzinfo=UTC),
    on_error=OnError.SKIP,
    encoding="utf-8",
    delimiter=";",
    rows=RowCounts(total=3, valid=2, invalid=1, loaded=2),
    columns=(Column("price", "Price", ColumnType.DECIMAL, required=True),),
    validations=(
        Validation(
            "type-error",
            "Types",
            Severity.ERROR,
            RuleStatus.FAILED,
            1,
            False,
            (Sample(row=3, column="price", value="abc", message="not a decimal"),),
        ),
    ),
    insights={"summary": "ok"},
    mode=LoadMode.UPSERT,
    schema_version=2,
    inserted=1,
    updated=1,
)

# The JSON of the entity as the API served it before it had a struct of its own (2026-12-01).
PINNED = (
    b'{"id":"u-1","dataset":"sales","status":"loaded","filename":"ventas.csv","bytes":42,'
    b'"sha256":"' + b"a" * 64 + b'","object_key":"sales/2026/12/01/u-1.csv","uploaded_by":"user-1",'
    b'"created_at":"2026-12-01T12:30:05.123000Z","on_error":"skip","encoding":"utf-8","delimiter":";",'
    b'"rows":{"total":3,"valid":2,"invalid":1,"loaded":2},'
    b'"columns":[{"name":"price","source_name":"Price","type":"decimal","required":true}],'
    b'"validations":[{"rule":"type-error","title":"Types","severity":"error","status":"failed","count":1,'
    b'"truncated":false,"samples":[{"row":3,"column":"price","value":"abc","message":"not a decimal",'
    b'"related_row":null,"score":null,"agree":[],"differ":[]}]}],"insights":{"summary":"ok"},'
    b'"failure":null,"mode":"upsert","schema_version":2,"inserted":1,"updated":1,"progress":null,'
    b'"corrects":null,"refusal":null}'
)


def test_the_resource_encodes_exactly_as_the_entity_did() -> None:
    assert msgspec.json.encode(UploadResource.of(UPLOAD)) == PINNED


def test_get_upload_answers_the_pinned_bytes(api: Api) -> None:  # noqa: F811 - the fixture
    api.uploads.records[UPLOAD.id] = UPLOAD
    admin = api.token("root")  # an admin sees every upload, user-1's too

    response = api.client.get(f"/uploads/{UPLOAD.id}", headers={"Authorization": f"Bearer {admin}"})

    assert response.status_code == 200, response.text
    assert response.content == PINNED
