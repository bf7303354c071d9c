"""Uploads with broken UTF-16, binary content behind a UTF-16 BOM, or a NUL deep in the file each get a
clear answer (415, or the `encoding` rule's finding), never a 500 and never a record left `received`."""

from __future__ import annotations

import codecs
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from tests.support.fake_app import Fakes, fakes_turn, no_preparation

from domain.auth.role import Role
from domain.uploads.upload import UploadStatus
from entrypoints.api.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit

PASSWORD = "correct horse battery staple"
CSV_UTF16 = codecs.BOM_UTF16_LE + "id,name\n1,Ana\n2,Luis\n".encode("utf-16-le")
LONG_PREFIX = b"id,name\n" + b"".join(b"%d,name number %d\n" % (n, n) for n in range(2, 800))


class Api:
    def __init__(self, client: TestClient, fakes: Fakes) -> None:
        self.client = client
        self.fakes = fakes
        response = client.post("/auth/login", json={"username": "ana", "password": PASSWORD})
        self.token = response.json()["access_token"]

    def upload(self, content: bytes):  # type: ignore[no-untyped-def]
        return self.client.post(
            "/uploads",
            headers={"Authorization": f"Bearer {self.token}"},
            files={"file": ("sales.csv", content, "text/csv")},
            data={"dataset": "sales"},
        )

    def statuses(self) -> list[UploadStatus]:
        return [upload.status for upload in self.fakes.uploads.records.values()]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Container]]:
    """One app for the module (building it was most of a test's cost); each test gets its own fakes."""
    folder = tmp_path_factory.mktemp("hostile-encodings")
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{folder / 'objects'}",
            "INGESTA_MAX_UPLOAD_BYTES": str(256 * 1024),
        }
    )
    container = build_container(settings)
    with TestClient(create_app(settings, container, prepare=no_preparation)) as client:
        yield client, container


@pytest.fixture
def api(served: tuple[TestClient, Container]) -> Iterator[Api]:
    client, container = served
    with fakes_turn(container) as fakes:
        client.blocking_portal.call(
            lambda: container.create_user()(username="ana", password=PASSWORD, role=Role.UPLOADER)
        )
        yield Api(client, fakes)


def encoding_finding(body: dict) -> dict:  # type: ignore[type-arg]
    return next(v for v in body["validations"] if v["rule"] == "encoding")


def test_well_formed_utf16_still_loads(api: Api) -> None:
    response = api.upload(CSV_UTF16)

    assert response.status_code == 201, response.text
    assert response.json()["rows"]["loaded"] == 2


@pytest.mark.parametrize(
    "binary",
    [
        codecs.BOM_UTF16_LE + b"PK\x03\x04\x14\x00\x00\x00\x08\x00" * 20,
        codecs.BOM_UTF16_BE + b"\x00\x00\x01\x02\x03\x04\x00\x00" * 50,
        codecs.BOM_UTF16_LE + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x00" * 20,
    ],
    ids=["zip", "zeros-be", "png"],
)
def test_binary_content_behind_a_utf16_bom_is_415(api: Api, binary: bytes) -> None:
    response = api.upload(binary)

    assert response.status_code == 415, response.text
    assert "binary" in response.json()["detail"] or "not CSV text" in response.json()["detail"]
    assert UploadStatus.RECEIVED not in api.statuses()


@pytest.mark.parametrize(
    "broken",
    [
        CSV_UTF16 + "3,Eva\n".encode("utf-16-le") + b"x",  # an odd byte count
        CSV_UTF16 + "3,E".encode("utf-16-le") + b"\x00\xd8" + "va\n".encode("utf-16-le"),  # lone surrogate
        CSV_UTF16 + "3,E".encode("utf-16-le") + b"\x00\xdc" + "va\n".encode("utf-16-le"),  # lone low half
    ],
    ids=["odd-byte-count", "lone-high-surrogate", "lone-low-surrogate"],
)
def test_malformed_utf16_is_reported_by_the_encoding_rule(api: Api, broken: bytes) -> None:
    response = api.upload(broken)

    assert response.status_code == 422, response.text
    finding = encoding_finding(response.json())
    assert finding["status"] == "failed" and finding["count"] >= 1
    assert UploadStatus.RECEIVED not in api.statuses()


def test_a_nul_after_the_first_8_kib_is_never_a_500(api: Api) -> None:
    content = LONG_PREFIX + b"900,A\x00na\n"
    assert len(LONG_PREFIX) > 8 * 1024

    response = api.upload(content)

    assert response.status_code == 422, response.text
    finding = encoding_finding(response.json())
    assert finding["count"] == 1 and finding["samples"][0]["row"] == 800
    assert finding["samples"][0]["value"] == "A\\x00na"
    assert UploadStatus.RECEIVED not in api.statuses()
