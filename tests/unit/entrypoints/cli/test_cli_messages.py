"""What the CLI says when it cannot go on: one line, no traceback, saying what to do next."""

from __future__ import annotations

import argparse
import logging
import socket
from pathlib import Path

import httpx
import pytest
from sqlalchemy.exc import DBAPIError

from entrypoints.cli.db_commands import why_not_connected
from entrypoints.cli.main import build_parser
from entrypoints.cli.upload_command import upload_command

pytestmark = pytest.mark.unit


def upload_arguments(tmp_path: Path, url: str = "http://127.0.0.1:8000") -> argparse.Namespace:
    path = tmp_path / "sales.csv"
    path.write_bytes(b"id,name\n1,Ana\n")
    return build_parser().parse_args(
        ["upload", str(path), "--dataset", "sales", "--url", url, "--token", "t"]
    )


@pytest.fixture(autouse=True)
def quiet_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    # Another test may have installed the service's log handler at INFO; httpx would add its own lines.
    monkeypatch.setattr(logging.getLogger("httpx"), "disabled", True)


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.startswith("ingesta: warning: --token")]
    assert len(lines) == 1, text
    return lines[0]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_uploading_a_directory_says_it_is_a_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parsed = upload_arguments(tmp_path)
    parsed.file = str(tmp_path)

    assert upload_command(parsed) == 2
    line = one_line(capsys.readouterr().err)
    assert f"{tmp_path} is a directory, not a file" in line and "no such file" not in line


def test_a_server_that_is_not_running_is_named_with_how_to_start_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{closed_port()}"  # a real connection, refused

    assert upload_command(upload_arguments(tmp_path, url)) == 3
    line = one_line(capsys.readouterr().err)
    assert f"no Ingesta service is running at {url}" in line and "ingesta serve" in line


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(404, html="<h1>Not Found</h1>"),
        httpx.Response(200, html="<html>a web site</html>"),
        httpx.Response(404, json={"detail": "Not Found"}),
    ],
)
def test_a_url_that_is_not_ingesta_says_to_check_the_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], answer: httpx.Response
) -> None:
    transport = httpx.MockTransport(lambda request: answer)

    assert upload_command(upload_arguments(tmp_path, "http://example.test"), transport=transport) == 2
    line = one_line(capsys.readouterr().err)
    assert "http://example.test is not an Ingesta service" in line and "--url (INGESTA_URL)" in line


def test_an_unknown_host_says_to_check_the_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def unknown_host(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    code = upload_command(
        upload_arguments(tmp_path, "http://nas.lan"), transport=httpx.MockTransport(unknown_host)
    )

    assert code == 3
    assert "(no host has that name); check --url" in one_line(capsys.readouterr().err)


def test_an_expired_token_says_how_to_get_a_new_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problem = {"status": 401, "title": "Invalid token", "detail": "the token has expired"}
    transport = httpx.MockTransport(
        lambda request: httpx.Response(
            401, json=problem, headers={"content-type": "application/problem+json"}
        )
    )

    assert upload_command(upload_arguments(tmp_path), transport=transport) == 2
    line = one_line(capsys.readouterr().err)
    assert "the access token has expired" in line and "--password-stdin" in line


def test_a_413_prints_the_limit_the_service_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    detail = "the request body is larger than this service accepts: files of at most 4096 bytes"
    transport = httpx.MockTransport(
        lambda request: httpx.Response(413, json={"status": 413, "detail": detail})
    )

    assert upload_command(upload_arguments(tmp_path), transport=transport) == 1
    assert "at most 4096 bytes" in one_line(capsys.readouterr().err)


def test_a_missing_odbc_driver_manager_names_what_to_install() -> None:
    error = ImportError("libodbc.so.2: cannot open shared object file: No such file or directory")

    assert "apt-get install unixodbc msodbcsql18" in why_not_connected("mssql+aioodbc://h/db", error)


def test_a_missing_odbc_driver_names_the_driver_and_how_to_list_installed_ones() -> None:
    orig = Exception(
        "[01000] [unixODBC][Driver Manager]Can't open lib 'ODBC Driver 18 for SQL Server' : not found"
    )
    error = DBAPIError(statement=None, params=None, orig=orig)

    line = why_not_connected("mssql+aioodbc://sa:pw@h/db?driver=ODBC+Driver+18+for+SQL+Server", error)

    assert "'ODBC Driver 18 for SQL Server' named in INGESTA_DATABASE_URL is not installed" in line
    assert "odbcinst -q -d" in line
