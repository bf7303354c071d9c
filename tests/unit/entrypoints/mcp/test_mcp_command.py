"""`ingesta mcp` needs only the service's URL and the user's own credentials, and says what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from entrypoints.cli.main import main
from entrypoints.mcp.config import ConfigError, load_config

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def no_ingesta_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in [name for name in os.environ if name.startswith("INGESTA_")]:
        monkeypatch.delenv(name)


def test_without_the_service_url_it_exits_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INGESTA_TOKEN", "some.token.value")

    code = main(["mcp"])

    captured = capsys.readouterr()
    assert code == 1 and "INGESTA_URL" in captured.err and captured.out == ""


def test_without_credentials_it_exits_naming_both_ways_to_give_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INGESTA_URL", "http://127.0.0.1:9")

    code = main(["mcp"])

    captured = capsys.readouterr()
    assert code == 1 and "INGESTA_TOKEN_FILE" in captured.err and "INGESTA_PASSWORD_FILE" in captured.err


def test_an_unreachable_service_is_named_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INGESTA_URL", "http://127.0.0.1:9")  # the discard port: nothing listens

    code = main(["mcp", "--token", "some.token.value"])

    captured = capsys.readouterr()
    assert code == 1 and "cannot reach the Ingesta service" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


@pytest.mark.parametrize(
    ("environment", "arguments", "spanish"),
    [
        ({"INGESTA_TOKEN": "t"}, [], "ponga en INGESTA_URL la dirección del servicio Ingesta"),
        ({"INGESTA_URL": "http://127.0.0.1:9"}, [], "sin credenciales: ponga en INGESTA_TOKEN_FILE"),
        (
            {"INGESTA_URL": "http://127.0.0.1:9"},
            ["--token", "t"],
            "no se puede contactar con el servicio Ingesta",
        ),
    ],
)
def test_the_command_says_why_it_cannot_start_in_spanish(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environment: dict[str, str],
    arguments: list[str],
    spanish: str,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    code = main(["--lang", "es", "mcp", *arguments])

    assert code == 1 and spanish in capsys.readouterr().err


def test_the_token_and_password_are_read_from_files(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("the.token\n")
    (tmp_path / "password").write_text("s3cret\n")
    environ = {
        "INGESTA_URL": "https://ingesta.example.com/",
        "INGESTA_TOKEN_FILE": str(tmp_path / "token"),
        "INGESTA_USERNAME": "ana",
        "INGESTA_PASSWORD_FILE": str(tmp_path / "password"),
        "INGESTA_MCP_ROOTS": f"{tmp_path}/a:{tmp_path}/b",
    }

    config = load_config(environ)

    assert (config.url, config.token, config.username, config.password) == (
        "https://ingesta.example.com",
        "the.token",
        "ana",
        "s3cret",
    )
    assert config.roots == (tmp_path / "a", tmp_path / "b")


def test_a_missing_token_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="INGESTA_TOKEN_FILE"):
        load_config({"INGESTA_URL": "http://x", "INGESTA_TOKEN_FILE": str(tmp_path / "missing")})


def test_the_command_is_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["mcp", "--help"])

    out = capsys.readouterr().out
    assert "INGESTA_URL" in out and "INGESTA_MCP_ROOTS" in out and "JWT_SECRET" not in out
