"""Excel workbooks sent to POST /uploads: read from their sheet, judged like CSV, archived as sent."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date

import pytest
from litestar.testing import TestClient
from tests.support.fake_app import fakes_turn, no_preparation
from tests.support.workbooks import workbook

from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings

from .test_upload_http import PASSWORD, Api, assert_problem

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Container]]:
    """As test_upload_http's, with room for a workbook (even a tiny one is a few KiB of ZIP).

    One app for the module (building it was most of a test's cost); each test gets its own fakes.
    """
    folder = tmp_path_factory.mktemp("xlsx-upload")
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{folder / 'objects'}",
            "INGESTA_MAX_UPLOAD_BYTES": str(1024 * 1024),
            "INGESTA_LOGIN_RATE_LIMIT": "1000/minute",
        }
    )
    container = build_container(settings)
    with TestClient(create_app(settings, container, prepare=no_preparation)) as client:
        yield client, container


@pytest.fixture
def api(served: tuple[TestClient, Container]) -> Iterator[Api]:
    client, container = served
    with fakes_turn(container):
        client.blocking_portal.call(
            lambda: container.create_user()(username="ana", password=PASSWORD, role=Role.UPLOADER)
        )
        yield Api(client, container)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = [["id", "day", "price"], [1, date(2024, 3, 5), 10.5], [2, date(2024, 3, 6), 7]]


def send(api: Api, token: str, content: bytes, **fields: str):  # type: ignore[no-untyped-def]
    return api.client.post(
        "/uploads",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("sales.xlsx", content, XLSX)},
        data={"dataset": "sales", **fields},
    )


def test_a_workbook_loads_its_first_sheet_with_typed_columns_and_is_archived_as_xlsx(api: Api) -> None:
    content = workbook({"Sales": ROWS, "Notes": [["text"], ["hello"]]})

    response = send(api, api.token("ana"), content)

    assert response.status_code == 201, response.text
    body = response.json()
    assert [(c["name"], c["type"]) for c in body["columns"]] == [
        ("id", "integer"),
        ("day", "date"),
        ("price", "decimal"),
    ]
    assert body["rows"]["loaded"] == 2
    assert body["object_key"].endswith(".xlsx")
    assert api.objects.objects[body["object_key"]] == content


def test_the_sheet_field_picks_a_sheet_by_name(api: Api) -> None:
    content = workbook({"Notes": [["text"], ["hello"]], "Sales": ROWS})

    body = send(api, api.token("ana"), content, sheet="Sales").json()

    assert [c["name"] for c in body["columns"]] == ["id", "day", "price"]


def test_an_unknown_sheet_is_400_and_nothing_is_kept(api: Api) -> None:
    response = send(api, api.token("ana"), workbook({"Sales": ROWS}), sheet="Missing")

    assert_problem(response, 400, "Sales")
    assert api.objects.objects == {} and api.uploads.records == {}


def test_a_sheet_for_a_csv_file_is_400(api: Api) -> None:
    assert_problem(api.upload(api.token("ana"), sheet="Sales"), 400, "sheet")


def test_another_zip_file_is_still_415(api: Api) -> None:
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    response = send(api, api.token("ana"), zipped.getvalue())

    assert_problem(response, 415, "ZIP")


def test_a_workbook_dry_run_and_its_error_download_read_the_sheet(api: Api) -> None:
    token = api.token("ana")
    rows = [["id", "price"], *([n, n + 0.5] for n in range(1, 31)), ["oops", 1.5]]
    content = workbook({"Sales": rows})

    checked = send(api, token, content, dry_run="true").json()
    created = send(api, token, content, on_error="skip").json()
    download = api.client.get(
        f"/uploads/{created['id']}/errors.csv", headers={"Authorization": f"Bearer {token}"}
    )

    assert checked["status"] == "validated" and checked["rows"]["invalid"] == 1
    assert created["rows"]["loaded"] == 30
    assert list(csv.reader(io.StringIO(download.text)))[1][:3] == ["32", "oops", "1.5"]
