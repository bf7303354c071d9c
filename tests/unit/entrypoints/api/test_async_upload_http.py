"""POST /uploads answered 202 (Prefer: respond-async, or above the threshold), then followed to the end."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from tests.support.fake_app import app_over_fakes
from tests.support.validators import UnhurriedValidator

from application.uploads import checked_rows
from domain.auth.role import Role
from entrypoints.api import upload_events_controller
from entrypoints.api.prefer import prefers_async
from entrypoints.container import Container

pytestmark = pytest.mark.unit

PASSWORD = "correct horse battery staple"
CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"


@pytest.fixture(autouse=True)
def quick_event_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    """An event stream looks at its upload every 20 ms here (half a second in a deployment)."""
    monkeypatch.setattr(upload_events_controller, "POLL_SECONDS", 0.02)


def client_for(tmp_path: Path, **extra: str) -> tuple[TestClient, Container]:  # type: ignore[type-arg]
    return app_over_fakes(tmp_path, **extra)


def logged_in(client: TestClient, container: Container, name: str = "ana") -> str:  # type: ignore[type-arg]
    """`name`, made an uploader in the turn's fakes, logged in: their bearer token."""
    asyncio.run(container.create_user()(username=name, password=PASSWORD, role=Role.UPLOADER))
    login = client.post("/auth/login", json={"username": name, "password": PASSWORD}).json()
    return str(login["access_token"])


@pytest.fixture
def api(job_turn: tuple[TestClient, Container]) -> tuple[TestClient, str]:  # type: ignore[type-arg]
    client, container = job_turn
    return client, logged_in(client, container)


def post(client: TestClient, token: str, content: bytes = CLEAN, **headers: str):  # type: ignore[no-untyped-def,type-arg]
    return client.post(
        "/uploads",
        headers={"Authorization": f"Bearer {token}", **headers},
        files={"file": ("sales.csv", content, "text/csv")},
        data={"dataset": "sales"},
    )


def wait_final(client: TestClient, token: str, location: str) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        body = client.get(location, headers={"Authorization": f"Bearer {token}"}).json()
        if body["status"] in {"loaded", "rejected", "failed", "cancelled"}:
            return dict(body)
        time.sleep(0.01)
    raise AssertionError(f"{location} never became final")


@pytest.mark.parametrize("header", ["respond-async", "wait=10, respond-async", "Respond-Async; x=1"])
def test_prefer_respond_async_gets_202_and_the_embedded_worker_loads_it(
    api: tuple[TestClient, str],
    header: str,  # type: ignore[type-arg]
) -> None:
    client, token = api

    response = post(client, token, Prefer=header)

    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "queued" and body["progress"]["phase"] == "queued"
    assert response.headers["location"] == f"/uploads/{body['id']}"
    assert response.headers["preference-applied"] == "respond-async"
    final = wait_final(client, token, response.headers["location"])
    assert final["status"] == "loaded" and final["rows"]["loaded"] == 2
    assert final["progress"] == {"phase": "loaded", "rows_validated": 2, "rows_loaded": 2, "rows_expected": 2}


def test_without_the_header_a_small_upload_keeps_its_synchronous_201(api: tuple[TestClient, str]) -> None:  # type: ignore[type-arg]
    client, token = api

    response = post(client, token)

    assert response.status_code == 201 and response.json()["status"] == "loaded"
    assert "progress" in response.json() and response.json()["progress"] is None


def test_above_the_threshold_an_upload_is_202_without_asking(tmp_path: Path) -> None:
    client, container = client_for(tmp_path, INGESTA_ASYNC_THRESHOLD_BYTES=str(len(CLEAN) - 1))
    with client:
        asyncio.run(container.create_user()(username="ana", password=PASSWORD, role=Role.UPLOADER))
        token = client.post("/auth/login", json={"username": "ana", "password": PASSWORD}).json()
        response = post(client, token["access_token"])

        assert response.status_code == 202, response.text
        assert "preference-applied" not in response.headers
        assert wait_final(client, token["access_token"], response.headers["location"])["status"] == "loaded"


def test_events_stream_the_status_until_it_is_final(api: tuple[TestClient, str]) -> None:  # type: ignore[type-arg]
    client, token = api
    location = post(client, token, Prefer="respond-async").headers["location"]

    with client.stream("GET", f"{location}/events", headers={"Authorization": f"Bearer {token}"}) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in stream.iter_lines() if line.startswith("data:")]

    states = [json.loads(line.removeprefix("data:").strip()) for line in lines]
    assert states[-1]["status"] == "loaded" and states[-1]["rows"]["loaded"] == 2
    assert all(state["id"] == location.rsplit("/", 1)[1] for state in states)


def test_events_show_rows_validated_growing_while_the_file_is_validated(
    job_turn: tuple[TestClient, Container],  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(checked_rows, "SAMPLE_EVERY_SECONDS", 0.02)
    rows = 3_000  # about 50 KB: a dozen 4 KiB blocks, each a batch the stream can see told
    content = b"id,name,price\n" + b"".join(b"%d,n%d,%d.50\n" % (i, i, i) for i in range(1, rows + 1))
    client, container = job_turn
    container.csv_validator.override(providers.Object(UnhurriedValidator(pause=0.05, block_bytes=1 << 12)))
    token = logged_in(client, container)
    location = post(client, token, content, Prefer="respond-async").headers["location"]
    with client.stream("GET", f"{location}/events", headers={"Authorization": f"Bearer {token}"}) as stream:
        lines = [line for line in stream.iter_lines() if line.startswith("data:")]

    states = [json.loads(line.removeprefix("data:").strip()) for line in lines]
    during = [s["progress"]["rows_validated"] for s in states if s["status"] == "validating"]
    assert any(0 < validated < rows for validated in during), during
    assert states[-1]["status"] == "loaded" and states[-1]["progress"]["rows_validated"] == rows


def test_events_of_someone_elses_upload_are_404(api: tuple[TestClient, str]) -> None:  # type: ignore[type-arg]
    client, token = api

    response = client.get("/uploads/not-there/events", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, False),
        ("", False),
        ("return=minimal", False),
        ("respond-async", True),
        ("handling=lenient, RESPOND-ASYNC", True),
        ("respond-asyncx", False),
    ],
)
def test_prefer_header_parsing(header: str | None, expected: bool) -> None:
    assert prefers_async(header) is expected


def test_ingesta_upload_follows_a_file_past_its_follow_size_through_the_api_to_the_same_answer(
    api: tuple[TestClient, str],  # type: ignore[type-arg]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import httpx

    from entrypoints.cli import follow_upload
    from entrypoints.cli import upload_command as upload_command_module
    from entrypoints.cli.main import build_parser
    from entrypoints.cli.upload_command import upload_command

    client, token = api
    monkeypatch.setitem(follow_upload.follow.__kwdefaults__, "poll_seconds", 0.02)
    # 64 KiB stands in for the mebibyte from which the command follows a job: the same path, 1/16 the rows.
    monkeypatch.setattr(upload_command_module, "FOLLOW_FROM_BYTES", 1 << 16)
    rows = (1 << 16) // 16 + 1
    path = tmp_path / "big.csv"
    path.write_bytes(b"id,name,price\n" + b"".join(b"%d,n%d,%d.50\n" % (i, i, i) for i in range(1, rows + 1)))
    arguments = build_parser().parse_args(
        ["upload", str(path), "--dataset", "big", "--token", token, "--url", "http://testserver", "--json"]
    )

    class ThroughTheTestClient(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            return client._transport.handle_request(request)

    code = upload_command(arguments, transport=ThroughTheTestClient())

    printed = json.loads(capsys.readouterr().out)
    assert code == 0 and printed["status"] == "loaded" and printed["rows"]["loaded"] == rows
    assert printed["progress"]["rows_validated"] == rows  # processed as a job, not in its request
    stored = client.get(f"/uploads/{printed['id']}", headers={"Authorization": f"Bearer {token}"}).json()
    assert printed == stored
