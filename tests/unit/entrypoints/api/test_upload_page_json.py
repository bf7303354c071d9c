"""GET /uploads answers with the API's own structs; the JSON is byte for byte what the domain's
summaries gave before (the listing's fields, their order, the failed rules)."""

from __future__ import annotations

import msgspec
import pytest
from tests.unit.entrypoints.api.test_upload_http import Api, api  # noqa: F401 - the fixture
from tests.unit.entrypoints.api.test_upload_resource_json import UPLOAD

from application.use_cases.list_uploads import UploadPage
from domain.uploads.upload_summary import summarize
from entrypoints.api import upload_page_resource

pytestmark = pytest.mark.unit

# The JSON of the page as the API served it before it had structs of its own (2026-12-01), with the two
# fields corrections and refused attempts added after it (`corrects`, `refusal`).
PINNED = (
    b'{"items":[{"id":"u-1","dataset":"sales","status":"loaded","filename":"ventas.csv","bytes":42,'
    b'"object_key":"sales/2026/12/01/u-1.csv","uploaded_by":"user-1",'
    b'"created_at":"2026-12-01T12:30:05.123000Z","on_error":"skip",'
    b'"rows":{"total":3,"valid":2,"invalid":1,"loaded":2},'
    b'"failed_rules":[{"rule":"type-error","severity":"error","count":1}],"corrects":null,"refusal":null}],'
    b'"total":1,"limit":50,"offset":0}'
)


def test_the_page_resource_encodes_exactly_as_the_domain_page_did() -> None:
    page = UploadPage(items=[summarize(UPLOAD)], total=1, limit=50, offset=0)

    assert msgspec.json.encode(upload_page_resource.UploadPage.of(page)) == PINNED


def test_listing_uploads_answers_the_pinned_bytes(api: Api) -> None:  # noqa: F811 - the fixture
    api.uploads.records[UPLOAD.id] = UPLOAD
    admin = api.token("root")  # an admin sees every upload, user-1's too

    response = api.client.get("/uploads", headers={"Authorization": f"Bearer {admin}"})

    assert response.status_code == 200, response.text
    assert response.content == PINNED
