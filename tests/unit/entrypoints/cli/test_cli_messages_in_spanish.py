"""The one-line messages of a command that cannot go on are said in Spanish with --lang es too."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy.exc import DBAPIError
from tests.support.english_fragments import english_words
from tests.unit.entrypoints.cli.test_cli_messages import closed_port, one_line, upload_arguments
from tests.unit.entrypoints.cli.test_cli_messages import (
    quiet_httpx as quiet_httpx,
)  # autouse: no httpx log lines

from entrypoints.cli.cli_language import use_language
from entrypoints.cli.db_commands import why_not_connected
from entrypoints.cli.main import main
from entrypoints.cli.upload_command import upload_command

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def spanish() -> None:
    use_language("es")  # the CLI conftest puts English back after each test


def spanish_line(err: str) -> str:
    line = one_line("\n".join(text for text in err.splitlines() if not text.startswith("ingesta: aviso:")))
    # `/uploads` is the route the command asked, the same in every language.
    assert english_words(line, allowed=frozenset({"uploads"})) == [], line
    return line


def test_no_service_running_is_said_in_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{closed_port()}"

    assert upload_command(upload_arguments(tmp_path, url)) == 3
    line = spanish_line(capsys.readouterr().err)
    assert f"no hay ningún servicio Ingesta en marcha en {url}; arranca uno con 'ingesta serve'" in line


def test_a_wrong_url_is_said_in_spanish_with_its_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(404, html="<h1>Not Found</h1>"))

    assert upload_command(upload_arguments(tmp_path, "http://example.test"), transport=transport) == 2
    line = spanish_line(capsys.readouterr().err)
    assert (
        "http://example.test no es un servicio Ingesta (respondió a /uploads con HTTP 404 y text/html)"
        in line
    )


def test_an_unknown_host_is_said_in_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def unknown_host(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    arguments = upload_arguments(tmp_path, "http://nas.lan")
    assert upload_command(arguments, transport=httpx.MockTransport(unknown_host)) == 3
    assert "(ningún equipo tiene ese nombre); revisa --url" in spanish_line(capsys.readouterr().err)


def test_a_token_the_service_says_has_expired_in_spanish_is_recognised(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The command asks for Spanish (Accept-Language), so the service's detail is Spanish too.
    problem = {"status": 401, "title": "Token no válido", "detail": "el token ha caducado"}
    transport = httpx.MockTransport(
        lambda request: httpx.Response(
            401, json=problem, headers={"content-type": "application/problem+json"}
        )
    )

    assert upload_command(upload_arguments(tmp_path), transport=transport) == 2
    line = spanish_line(capsys.readouterr().err)
    assert "el token de acceso ha caducado; consigue uno nuevo" in line and "--password-stdin" in line


def test_uploading_a_directory_is_said_in_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parsed = upload_arguments(tmp_path)
    parsed.file = str(tmp_path)

    assert upload_command(parsed) == 2
    assert f"{tmp_path} es una carpeta, no un archivo" in spanish_line(capsys.readouterr().err)


def test_a_missing_upload_file_is_said_in_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parsed = upload_arguments(tmp_path)
    parsed.file = str(tmp_path / "nada.csv")

    assert upload_command(parsed) == 2
    assert f"no se puede leer {tmp_path}/nada.csv: no existe el archivo" in spanish_line(
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("url", "error", "expected"),
    [
        (
            "mssql+aioodbc://h/db",
            ImportError("libodbc.so.2: cannot open shared object file"),
            "necesita el gestor de controladores unixODBC",
        ),
        (
            "mssql+aioodbc://h/db",
            DBAPIError(
                statement=None, params=None, orig=Exception("Can't open lib 'ODBC Driver 18' : not found")
            ),
            "el controlador ODBC 'ODBC Driver 18' indicado en INGESTA_DATABASE_URL no está instalado",
        ),
        (
            "postgresql+asyncpg://u:secret@db.lan:5432/sales",
            ConnectionRefusedError(111, "Connect call failed"),
            "no se puede acceder a la base de datos en db.lan:5432/sales",
        ),
    ],
)
def test_database_failures_are_said_in_spanish(url: str, error: BaseException, expected: str) -> None:
    line = why_not_connected(url, error)

    assert expected in line and "secret" not in line
    assert english_words(line) == [], line


def test_version_is_the_same_line_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit):
        main(["--lang", "es", "--version"])

    assert capsys.readouterr().out == f"ingesta {version('ingesta')}\n"
