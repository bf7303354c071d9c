"""The `ingesta` command as a user runs it: a real process, and `upload` against a real running service."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.web.live_service import LiveService, ingesta, live_service

pytestmark = pytest.mark.integration

WITH_ERRORS = "id,name\n1,Ana\n2,Luis\n2,Luis\n"
CLEAN = "id,name\n1,Ana\n2,Luis\n"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("cli")) as running:
        yield running


def run(service: LiveService, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ingesta(*arguments), input=stdin, text=True, capture_output=True, env=service.environment, timeout=120
    )


def test_validate_in_a_pipeline_exits_one_on_errors_and_prints_json(
    service: LiveService, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(WITH_ERRORS)

    result = run(service, "validate", str(path), "--json")

    assert result.returncode == 1, result.stderr
    failed = [v["rule"] for v in json.loads(result.stdout)["validations"] if v["status"] == "failed"]
    assert "duplicate-row" in failed


def test_upload_logs_in_sends_the_file_and_prints_the_report(service: LiveService, tmp_path: Path) -> None:
    path = tmp_path / "clean.csv"
    path.write_text(CLEAN)

    result = run(
        service,
        "upload", str(path), "--dataset", "people", "--url", service.url,
        "--username", service.username, "--password-stdin",
        stdin=service.password + "\n",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "loaded into people" in result.stdout and "2 loaded" in result.stdout


def test_a_rejected_upload_exits_one_with_its_report(service: LiveService, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(WITH_ERRORS)
    token = _token(service)

    result = run(service, "upload", str(path), "--dataset", "people2", "--url", service.url, "--token", token)

    assert result.returncode == 1
    assert "rejected" in result.stdout and "duplicate-row" in result.stdout


def test_a_refused_token_is_a_sentence_not_json(service: LiveService, tmp_path: Path) -> None:
    path = tmp_path / "clean.csv"
    path.write_text(CLEAN)

    result = run(
        service, "upload", str(path), "--dataset", "people", "--url", service.url, "--token", "nonsense"
    )

    assert result.returncode == 1
    assert (
        result.stderr.startswith("ingesta: ") and "(HTTP 401)" in result.stderr and "{" not in result.stderr
    )


def test_no_service_listening_exits_three(service: LiveService, tmp_path: Path) -> None:
    path = tmp_path / "clean.csv"
    path.write_text(CLEAN)

    result = run(
        service, "upload", str(path), "--dataset", "x", "--url", "http://127.0.0.1:9", "--token", "t"
    )

    assert result.returncode == 3
    assert "no Ingesta service is running at http://127.0.0.1:9; start one with 'ingesta serve'" in (
        result.stderr
    )


def _token(service: LiveService) -> str:
    import httpx

    answer = httpx.post(
        f"{service.url}/auth/login", json={"username": service.username, "password": service.password}
    )
    return str(answer.json()["access_token"])
