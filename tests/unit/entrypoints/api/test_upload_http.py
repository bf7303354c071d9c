"""POST /uploads and the read-back routes through Litestar's test client, over in-memory fakes."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from tests.support.fake_app import clean_client, fakes_turn
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository

from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.uploads.upload import Upload
from entrypoints.container import Container

pytestmark = pytest.mark.unit

PASSWORD = "correct horse battery staple"
CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"
WITH_ERRORS = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n2,Luis,7.25\n"


class Api:
    def __init__(self, client: TestClient, container: Container) -> None:
        self.client = client
        self.container = container
        self.objects: InMemoryObjectStore = container.objects()
        self.uploads: InMemoryUploadRepository = container.uploads()
        self.datasets: InMemoryDatasetStore = container.datasets()

    def token(self, username: str | None = None) -> str:
        body = {"username": username, "password": PASSWORD} if username else None
        response = self.client.post("/auth/login", json=body)
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def upload(self, token: str | None, content: bytes = CLEAN, **fields: str):  # type: ignore[no-untyped-def]
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = {"dataset": "sales", **fields}
        return self.client.post(
            "/uploads", headers=headers, files={"file": ("sales.csv", content, "text/csv")}, data=data
        )


@pytest.fixture
def api(upload_app: tuple[TestClient, Container]) -> Iterator[Api]:
    """The module's app (conftest.py) with this test's own fakes and accounts."""
    client, container = upload_app
    with fakes_turn(container), clean_client(client):
        create_user = container.create_user()

        async def accounts() -> None:
            for name, role in (("ana", Role.UPLOADER), ("bea", Role.UPLOADER), ("root", Role.ADMIN)):
                await create_user(username=name, password=PASSWORD, role=role)

        client.blocking_portal.call(accounts)
        yield Api(client, container)


def assert_problem(response, status: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and fragment in body["detail"]
    assert "Traceback" not in response.text


def test_an_uploader_gets_201_with_the_upload_resource(api: Api) -> None:
    response = api.upload(api.token("ana"))

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "loaded" and body["dataset"] == "sales" and body["filename"] == "sales.csv"
    assert body["rows"] == {"total": 2, "valid": 2, "invalid": 0, "loaded": 2}
    assert [c["name"] for c in body["columns"]] == ["id", "name", "price"]
    assert {"rule", "title", "severity", "status", "count", "truncated", "samples"} <= set(
        body["validations"][0]
    )
    assert response.headers["location"] == f"/uploads/{body['id']}"


def test_reject_with_errors_is_422_and_loads_nothing(api: Api) -> None:
    response = api.upload(api.token("ana"), WITH_ERRORS)

    assert response.status_code == 422
    assert response.json()["status"] == "rejected"
    assert api.datasets.rows == {}


def test_skip_loads_the_valid_rows(api: Api) -> None:
    response = api.upload(api.token("ana"), WITH_ERRORS, on_error="skip")

    assert response.status_code == 201
    assert response.json()["rows"]["loaded"] == 2


def test_the_same_content_again_is_409_naming_the_first_upload(api: Api) -> None:
    token = api.token("ana")
    first = api.upload(token).json()

    response = api.upload(token)

    assert_problem(response, 409, first["id"])
    assert response.json()["existing_upload_id"] == first["id"]


def test_no_token_is_401_before_the_body_is_read(api: Api) -> None:
    oversized = b"x" * 10_000  # over the 4 KiB limit: reading it would give 413
    response = api.upload(None, oversized)

    assert_problem(response, 401, "Bearer")
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_a_guest_is_403_before_the_body_is_read(api: Api) -> None:
    response = api.upload(api.token(), b"x" * 10_000)

    assert_problem(response, 403, "guest")
    assert api.objects.objects == {}


def test_a_file_over_the_limit_is_413(api: Api) -> None:
    response = api.upload(api.token("ana"), b"a,b\n" + b"1,2\n" * 2000)

    assert_problem(response, 413, "INGESTA_MAX_UPLOAD_BYTES")
    assert api.objects.objects == {}


def test_a_body_far_over_the_limit_is_413_naming_the_limit(api: Api) -> None:
    # Over the limit plus the multipart allowance: refused by the server before the handler runs.
    response = api.upload(api.token("ana"), b"a,b\n" + b"1,2\n" * 40_000)

    assert_problem(response, 413, "at most 4096 bytes")
    assert api.objects.objects == {}


def refused(api: Api, token: str) -> list[dict]:  # type: ignore[type-arg]
    listed = api.client.get("/uploads", headers={"Authorization": f"Bearer {token}"}).json()["items"]
    return [item for item in listed if item["status"] == "refused"]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"a,b\n" + b"1,2\n" * 2000, id="file-over-the-limit"),
        # Over the limit plus the multipart allowance, and announced so by Content-Length.
        pytest.param(b"a,b\n" + b"1,2\n" * 40_000, id="body-over-the-limit"),
    ],
)
def test_a_file_too_large_is_recorded_as_a_refused_attempt(api: Api, content: bytes) -> None:
    token = api.token("ana")

    response = api.upload(token, content)

    assert response.status_code == 413
    (attempt,) = refused(api, token)
    assert attempt["refusal"] == "too_large" and attempt["filename"] == "sales.csv"
    assert attempt["dataset"] == "sales" and attempt["bytes"] > 4096
    assert api.objects.objects == {}


def test_a_dry_run_too_large_records_nothing(api: Api) -> None:
    token = api.token("ana")

    for content in (b"a,b\n" + b"1,2\n" * 2000, b"a,b\n" + b"1,2\n" * 40_000):
        assert api.upload(token, content, dry_run="true").status_code == 413

    assert refused(api, token) == []


def test_binary_content_is_415(api: Api) -> None:
    response = api.upload(api.token("ana"), b"PK\x03\x04" + b"\x00" * 64)

    assert_problem(response, 415, "ZIP")


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"on_error": "explode"}, "on_error"),
        ({"dataset": "Bad Name"}, "dataset"),
        ({"dataset": ""}, "dataset"),
        ({"colour": "blue"}, "unknown form field"),
    ],
)
def test_bad_form_fields_are_400_with_the_reason(api: Api, fields: dict[str, str], fragment: str) -> None:
    assert_problem(api.upload(api.token("ana"), **fields), 400, fragment)
    assert api.objects.objects == {}


def test_a_missing_file_is_400(api: Api) -> None:
    response = api.client.post(
        "/uploads",
        headers={"Authorization": f"Bearer {api.token('ana')}"},
        files={"dataset": (None, "sales")},
    )

    assert_problem(response, 400, "'file' is missing")


def test_a_body_that_is_not_multipart_is_400_naming_the_encoding(api: Api) -> None:
    response = api.client.post(
        "/uploads", headers={"Authorization": f"Bearer {api.token('ana')}"}, json={"dataset": "sales"}
    )

    assert_problem(response, 400, "multipart/form-data")


def test_a_malformed_multipart_body_is_400(api: Api) -> None:
    response = api.client.post(
        "/uploads",
        headers={
            "Authorization": f"Bearer {api.token('ana')}",
            "Content-Type": "multipart/form-data; boundary=xyz",
        },
        content=b'--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated',
    )

    assert response.status_code == 400, response.text


def test_object_store_down_is_503_with_retry_after_and_nothing_loaded(api: Api) -> None:
    api.objects.available = False

    response = api.upload(api.token("ana"))

    assert_problem(response, 503, "object store")
    assert int(response.headers["retry-after"]) > 0
    assert api.datasets.rows == {}


def test_an_upload_is_visible_to_its_owner_and_admins_only(api: Api) -> None:
    created = api.upload(api.token("ana")).json()
    path = f"/uploads/{created['id']}"

    own = api.client.get(path, headers={"Authorization": f"Bearer {api.token('ana')}"})
    other = api.client.get(path, headers={"Authorization": f"Bearer {api.token('bea')}"})
    admin = api.client.get(path, headers={"Authorization": f"Bearer {api.token('root')}"})

    assert own.status_code == 200 and own.json()["id"] == created["id"]
    assert_problem(other, 404, created["id"])
    assert admin.status_code == 200


def test_listing_shows_own_uploads_newest_first_and_admins_see_all(api: Api) -> None:
    api.upload(api.token("ana"))
    api.upload(api.token("bea"), b"id,name\n7,Zoe\n", dataset="people")

    mine = api.client.get("/uploads", headers={"Authorization": f"Bearer {api.token('bea')}"}).json()
    everyone = api.client.get("/uploads", headers={"Authorization": f"Bearer {api.token('root')}"}).json()

    assert [u["dataset"] for u in mine["items"]] == ["people"] and mine["total"] == 1
    assert everyone["total"] == 2


def test_listing_carries_summaries_and_the_full_report_stays_on_the_upload(api: Api) -> None:
    token = api.token("ana")
    created = api.upload(token, b"id,Name,name\n1,Ana,Bea\n", dataset="people").json()
    auth = {"Authorization": f"Bearer {token}"}

    listed = api.client.get("/uploads", headers=auth).json()["items"]
    full = api.client.get(f"/uploads/{created['id']}", headers=auth).json()

    assert set(listed[0]) == {
        "id", "dataset", "status", "filename", "bytes", "object_key", "uploaded_by", "created_at",
        "on_error", "rows", "failed_rules", "corrects", "refusal",
    }  # fmt: skip
    failed = {v["rule"]: v["count"] for v in full["validations"] if v["status"] == "failed"}
    assert {r["rule"]: r["count"] for r in listed[0]["failed_rules"]} == failed
    assert failed and full["columns"]


@pytest.mark.parametrize("query", ["offset=9223372036854775808", "offset=-1", "limit=201", "offset=x"])
def test_an_out_of_range_page_is_a_400_problem(api: Api, query: str) -> None:
    response = api.client.get(f"/uploads?{query}", headers={"Authorization": f"Bearer {api.token('ana')}"})

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_dataset_describes_its_columns_and_row_count(api: Api) -> None:
    token = api.token("ana")
    api.upload(token)

    response = api.client.get("/datasets/sales", headers={"Authorization": f"Bearer {token}"})
    missing = api.client.get("/datasets/nothing_here", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert response.json()["row_count"] == 2
    assert [c["type"] for c in response.json()["columns"]] == ["integer", "string", "decimal"]
    assert_problem(missing, 404, "nothing_here")


def test_a_guest_may_not_read_dataset_schemas(api: Api) -> None:
    api.upload(api.token("ana"))
    guest = {"Authorization": f"Bearer {api.token()}"}

    assert_problem(api.client.get("/datasets", headers=guest), 403, "guest")
    assert_problem(api.client.get("/datasets/sales", headers=guest), 403, "guest")


def test_two_files_in_one_upload_are_400_asking_for_one(api: Api) -> None:
    response = api.client.post(
        "/uploads",
        headers={"Authorization": f"Bearer {api.token('ana')}"},
        files=[("file", ("a.csv", CLEAN, "text/csv")), ("file", ("b.csv", CLEAN, "text/csv"))],
        data={"dataset": "sales"},
    )

    assert_problem(response, 400, "exactly one file")


def test_an_oversized_login_body_is_413_without_naming_the_upload_limit(api: Api) -> None:
    response = api.client.post("/auth/login", json={"username": "x" * 100_000, "password": "y"})

    assert_problem(response, 413, "larger than this endpoint accepts")


class GatedUploadCsv(UploadCsv):
    """Wraps the real use case (a subclass, as Litestar checks the type); `held_user` waits for the gate."""

    def __init__(self, real: UploadCsv, held_user: str) -> None:  # the real one does the work
        self.real, self.held_user = real, held_user
        self.waiting = threading.Semaphore(0)
        self.gate = threading.Event()

    async def __call__(self, command: UploadCommand) -> Upload:
        if command.uploaded_by == self.held_user:
            self.waiting.release()
            await asyncio.to_thread(self.gate.wait, 10)
        return await self.real(command)


def test_an_upload_beyond_the_per_user_limit_is_429_and_other_users_are_not_held(api: Api) -> None:
    ana = api.token("ana")
    ana_id = _user_id(api, ana)
    gated = GatedUploadCsv(api.container.upload_csv(), held_user=ana_id)
    api.container.upload_csv.override(providers.Object(gated))
    files = [b"id,name\n%d,x\n" % i for i in range(3)]
    with ThreadPoolExecutor(2) as pool:
        held = [
            pool.submit(api.upload, ana, content, dataset=f"held_{i}") for i, content in enumerate(files[:2])
        ]
        for _ in held:
            assert gated.waiting.acquire(timeout=10)  # both of ana's slots are taken

        third = api.upload(ana, files[2], dataset="third")
        other = api.upload(api.token("bea"), CLEAN)
        gated.gate.set()
        statuses = [future.result().status_code for future in held]

    assert_problem(third, 429, "INGESTA_MAX_CONCURRENT_UPLOADS_PER_USER")
    assert int(third.headers["Retry-After"]) > 0
    assert other.status_code == 201 and statuses == [201, 201]
    assert api.upload(ana, files[2], dataset="third").status_code == 201  # slots are given back


def _user_id(api: Api, token: str) -> str:
    return str(api.client.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).json()["user_id"])
