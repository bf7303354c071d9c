"""`ingesta upload` against an in-process fake of the service: the report, exit codes and sentences."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from entrypoints.cli.main import build_parser
from entrypoints.cli.upload_command import upload_command

pytestmark = pytest.mark.unit

VALIDATION = {
    "rule": "duplicate-row",
    "title": "No duplicate rows",
    "severity": "error",
    "status": "failed",
    "count": 1,
    "truncated": False,
    "samples": [{"row": 4, "column": None, "value": "2,Luis", "message": "duplicate of row 3"}],
}


def upload_body(status: str) -> dict[str, Any]:
    return {
        "id": "u-1",
        "dataset": "sales",
        "status": status,
        "filename": "sales.csv",
        "bytes": 10,
        "sha256": "0" * 64,
        "object_key": "k",
        "uploaded_by": "me",
        "created_at": "2026-11-28T12:00:00Z",
        "encoding": "utf-8",
        "delimiter": ",",
        "rows": {"total": 3, "valid": 2, "invalid": 1, "loaded": 0 if status == "rejected" else 3},
        "columns": [{"name": "id", "source_name": "id", "type": "integer"}],
        "validations": [VALIDATION],
    }


class FakeService:
    """Answers like the API; remembers what it was sent."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status = status
        self.body = body
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/auth/login":
            return httpx.Response(200, json={"access_token": "logged-in-token"})
        return httpx.Response(self.status, json=self.body)


def arguments(tmp_path: Path, *extra: str) -> argparse.Namespace:
    path = tmp_path / "sales.csv"
    path.write_bytes(b"id,name\n1,Ana\n")
    return build_parser().parse_args(["upload", str(path), "--dataset", "sales", "--token", "t", *extra])


def test_a_loaded_upload_prints_its_report_and_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service = FakeService(201, upload_body("loaded"))

    code = upload_command(arguments(tmp_path, "--on-error", "skip"), transport=httpx.MockTransport(service))

    out = capsys.readouterr().out
    assert code == 0
    assert "upload u-1: loaded into sales" in out and "3 loaded" in out and "duplicate-row" in out
    sent = service.requests[0]
    assert sent.headers["authorization"] == "Bearer t"
    assert b'name="on_error"\r\n\r\nskip' in sent.read() and b"id,name\n1,Ana\n" in sent.content


def test_a_rejected_upload_exits_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    service = FakeService(422, upload_body("rejected"))

    code = upload_command(arguments(tmp_path), transport=httpx.MockTransport(service))

    assert code == 1 and "rejected" in capsys.readouterr().out


def test_json_prints_the_service_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    service = FakeService(201, upload_body("loaded"))

    upload_command(arguments(tmp_path, "--json"), transport=httpx.MockTransport(service))

    assert json.loads(capsys.readouterr().out)["validations"] == [VALIDATION]


@pytest.mark.parametrize(("status", "code"), [(403, 1), (409, 1), (503, 3)])
def test_problems_are_printed_as_sentences_with_their_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], status: int, code: int
) -> None:
    problem = {"type": "about:blank", "title": "x", "status": status, "detail": "the reason it failed"}
    service = FakeService(status, problem)

    assert upload_command(arguments(tmp_path), transport=httpx.MockTransport(service)) == code
    assert f"ingesta: The reason it failed. (HTTP {status})" in capsys.readouterr().err


def test_an_unreachable_service_exits_three(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    assert upload_command(arguments(tmp_path), transport=httpx.MockTransport(refuse)) == 3
    assert "no Ingesta service is running at" in capsys.readouterr().err


def test_username_and_password_from_stdin_log_in_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("secret password\n"))
    service = FakeService(201, upload_body("loaded"))
    path = tmp_path / "s.csv"
    path.write_bytes(b"a\n1\n")
    parsed = build_parser().parse_args(
        ["upload", str(path), "--dataset", "sales", "--username", "ana", "--password-stdin"]
    )
    monkeypatch.setattr(parsed, "token", None)

    assert upload_command(parsed, transport=httpx.MockTransport(service)) == 0
    login, upload = service.requests
    assert json.loads(login.content) == {"username": "ana", "password": "secret password"}
    assert upload.headers["authorization"] == "Bearer logged-in-token"


def test_without_credentials_it_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = arguments(tmp_path)
    monkeypatch.setattr(parsed, "token", None)

    assert upload_command(parsed) == 2


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    parsed = arguments(tmp_path)
    parsed.file = str(tmp_path / "absent.csv")

    assert upload_command(parsed) == 2


def test_mode_is_sent_as_a_form_field_and_defaults_to_append(tmp_path: Path) -> None:
    service = FakeService(201, upload_body("loaded"))

    upload_command(arguments(tmp_path), transport=httpx.MockTransport(service))
    upload_command(arguments(tmp_path, "--mode", "upsert"), transport=httpx.MockTransport(service))

    first, second = (request.read() for request in service.requests)
    assert b'name="mode"\r\n\r\nappend' in first and b'name="mode"\r\n\r\nupsert' in second


def test_the_summary_names_the_mode_its_counts_and_the_contract_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = {**upload_body("loaded"), "mode": "upsert", "inserted": 1, "updated": 2, "schema_version": 3}

    upload_command(arguments(tmp_path), transport=httpx.MockTransport(FakeService(201, body)))

    assert (
        "loaded into sales (upsert: 1 inserted, 2 updated; contract v3) (HTTP 201)" in capsys.readouterr().out
    )


def test_a_token_file_is_read_and_the_token_never_needs_to_be_an_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("INGESTA_TOKEN", raising=False)
    (tmp_path / "token").write_text("file-token\n")
    service = FakeService(201, upload_body("loaded"))
    path = tmp_path / "s.csv"
    path.write_bytes(b"a\n1\n")
    parsed = build_parser().parse_args(
        ["upload", str(path), "--dataset", "sales", "--token-file", str(tmp_path / "token")]
    )

    assert upload_command(parsed, transport=httpx.MockTransport(service)) == 0
    assert service.requests[0].headers["authorization"] == "Bearer file-token"
    assert "warning" not in capsys.readouterr().err


def test_a_token_on_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("stdin-token\n"))
    service = FakeService(201, upload_body("loaded"))
    parsed = arguments(tmp_path, "--token-file", "-")
    monkeypatch.setattr(parsed, "token", None)

    assert upload_command(parsed, transport=httpx.MockTransport(service)) == 0
    assert service.requests[0].headers["authorization"] == "Bearer stdin-token"


def test_a_token_given_as_an_argument_works_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service = FakeService(201, upload_body("loaded"))

    assert upload_command(arguments(tmp_path), transport=httpx.MockTransport(service)) == 0
    assert "process list" in capsys.readouterr().err


def test_an_unreadable_token_file_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = arguments(tmp_path, "--token-file", str(tmp_path / "missing"))
    monkeypatch.setattr(parsed, "token", None)

    assert upload_command(parsed) == 2


def test_a_202_is_followed_until_the_upload_is_final(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import entrypoints.cli.follow_upload as follow_upload

    states = iter(["validating", "loading", "loaded"])

    def service(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(202, json=upload_body("queued"))
        return httpx.Response(200, json=upload_body(next(states)))

    original = follow_upload.POLL_SECONDS
    try:
        follow_upload.follow.__kwdefaults__["poll_seconds"] = 0.0  # type: ignore[index]
        code = upload_command(arguments(tmp_path), transport=httpx.MockTransport(service))
    finally:
        follow_upload.follow.__kwdefaults__["poll_seconds"] = original  # type: ignore[index]

    assert code == 0
    assert "upload u-1: loaded into sales" in capsys.readouterr().out


@pytest.mark.parametrize(("final", "expected"), [("cancelled", 130), ("rejected", 1), ("loaded", 0)])
def test_a_followed_job_that_ends_cancelled_exits_130_not_as_a_refusal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], final: str, expected: int
) -> None:
    import entrypoints.cli.follow_upload as follow_upload

    states = iter(["validating", final])

    def service(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(202, json=upload_body("queued"))
        return httpx.Response(200, json=upload_body(next(states)))

    original = follow_upload.POLL_SECONDS
    try:
        follow_upload.follow.__kwdefaults__["poll_seconds"] = 0.0  # type: ignore[index]
        code = upload_command(arguments(tmp_path), transport=httpx.MockTransport(service))
    finally:
        follow_upload.follow.__kwdefaults__["poll_seconds"] = original  # type: ignore[index]

    assert code == expected
    assert f"upload u-1: {final} into sales" in capsys.readouterr().out


def test_the_help_names_every_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["upload", "--help"])

    assert "130 cancelled" in capsys.readouterr().out


class DirectService:
    """A service on S3: presigns two parts, takes them at their URLs, completes, then reports loaded."""

    def __init__(self, presign_status: int = 201) -> None:
        self.presign_status = presign_status
        self.puts: dict[int, bytes] = {}
        self.completed: list[dict[str, Any]] = []
        self.paths: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(f"{request.method} {request.url.path}")
        if request.url.path == "/uploads/presign":
            if self.presign_status == 501:
                return httpx.Response(501, json={"detail": "local folder"})
            parts = [{"part_number": n, "url": f"http://s3.test/b/k?partNumber={n}"} for n in (1, 2)]
            return httpx.Response(201, json={"id": "u-1", "parts": parts, "expires_at": "x", "part_size": 8})
        if request.url.host == "s3.test":
            assert "authorization" not in request.headers  # the URL carries its own signature
            number = int(request.url.params["partNumber"])
            self.puts[number] = request.content
            return httpx.Response(200, headers={"ETag": f'"e{number}"'})
        if request.url.path == "/uploads/u-1/complete":
            self.completed.append(json.loads(request.content))
            return httpx.Response(202, json=upload_body("queued"))
        if request.method == "GET":
            return httpx.Response(200, json=upload_body("loaded"))
        return httpx.Response(201, json=upload_body("loaded"))


def test_a_large_csv_goes_straight_to_s3_in_parts_then_is_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import entrypoints.cli.follow_upload as follow_upload
    import entrypoints.cli.upload_command as command

    monkeypatch.setattr(command, "DIRECT_FROM_BYTES", 1)
    monkeypatch.setitem(follow_upload.follow.__kwdefaults__, "poll_seconds", 0.0)
    service = DirectService()
    parsed = arguments(tmp_path)

    assert upload_command(parsed, transport=httpx.MockTransport(service)) == 0

    assert service.puts[1] + service.puts[2] == Path(parsed.file).read_bytes()
    assert service.completed == [
        {"parts": [{"part_number": 1, "etag": '"e1"'}, {"part_number": 2, "etag": '"e2"'}]}
    ]
    assert "POST /uploads" not in service.paths  # the file never went through the API


def test_with_a_local_store_the_large_file_goes_through_the_api_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import entrypoints.cli.upload_command as command

    monkeypatch.setattr(command, "DIRECT_FROM_BYTES", 1)
    service = DirectService(presign_status=501)

    assert upload_command(arguments(tmp_path), transport=httpx.MockTransport(service)) == 0

    assert service.paths[-1] == "POST /uploads" and service.puts == {}


class JobService:
    """Answers like the API below its 64 MiB threshold: a job (202) only when asked with `Prefer`, then
    the upload validating and loaded; otherwise the answer in the request (201)."""

    def __init__(self, final: str = "loaded") -> None:
        self.final = final
        self.posted: list[httpx.Request] = []
        self.states = iter(["validating", final])

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            self.posted.append(request)
            if request.headers.get("prefer") == "respond-async":
                return httpx.Response(202, json=upload_body("queued"))
            return httpx.Response(201, json=upload_body("loaded"))
        state = next(self.states)
        progress = {"phase": state, "rows_validated": 40, "rows_loaded": 0, "rows_expected": 100}
        return httpx.Response(200, json={**upload_body(state), "progress": progress})


def big_file_arguments(tmp_path: Path, *extra: str) -> argparse.Namespace:
    import entrypoints.cli.upload_command as command

    path = tmp_path / "big.csv"
    path.write_bytes(b"id,name\n" + b"1,Ana\n" * (command.FOLLOW_FROM_BYTES // 6 + 1))
    return build_parser().parse_args(["upload", str(path), "--dataset", "sales", "--token", "t", *extra])


def test_a_file_of_a_mebibyte_is_processed_as_a_job_whose_progress_is_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import entrypoints.cli.follow_upload as follow_upload

    monkeypatch.setitem(follow_upload.follow.__kwdefaults__, "poll_seconds", 0.0)
    service = JobService()

    code = upload_command(big_file_arguments(tmp_path, "--json"), transport=httpx.MockTransport(service))

    captured = capsys.readouterr()
    assert code == 0
    assert service.posted[0].headers["prefer"] == "respond-async"
    assert "validating: 40 of about 100 rows, 20 %" in captured.err
    # --json prints the upload as the service has it at the end, as for any upload
    assert json.loads(captured.out)["status"] == "loaded"
    assert json.loads(captured.out)["validations"] == [VALIDATION]


def test_a_small_file_keeps_the_answer_in_its_request(tmp_path: Path) -> None:
    service = JobService()

    assert upload_command(arguments(tmp_path), transport=httpx.MockTransport(service)) == 0
    assert "prefer" not in service.posted[0].headers


def test_a_followed_job_that_fails_exits_three_like_a_failure_in_the_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import entrypoints.cli.follow_upload as follow_upload

    monkeypatch.setitem(follow_upload.follow.__kwdefaults__, "poll_seconds", 0.0)

    code = upload_command(big_file_arguments(tmp_path), transport=httpx.MockTransport(JobService("failed")))

    assert code == 3 and "upload u-1: failed into sales" in capsys.readouterr().out
