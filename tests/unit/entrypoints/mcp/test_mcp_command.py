"""`ingesta mcp` refuses to start, with a message on stderr, when it could not verify any token."""

from __future__ import annotations

import pytest

from entrypoints.cli.main import main

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def no_ingesta_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("INGESTA_TOKEN", "INGESTA_JWT_SECRET", "INGESTA_ENV"):
        monkeypatch.delenv(name, raising=False)


def test_without_a_token_it_exits_naming_both_ways_to_give_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INGESTA_JWT_SECRET", "a-secret-of-at-least-thirty-two-characters!")

    code = main(["mcp"])

    captured = capsys.readouterr()
    assert code == 1
    assert "--token" in captured.err and "INGESTA_TOKEN" in captured.err
    assert captured.out == ""


def test_without_the_service_secret_it_exits_instead_of_rejecting_every_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INGESTA_TOKEN", "some.token.value")

    code = main(["mcp"])

    captured = capsys.readouterr()
    assert code == 1
    assert "INGESTA_JWT_SECRET is not set" in captured.err
    assert captured.out == ""


def test_the_command_is_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["mcp", "--help"])

    assert "--token" in capsys.readouterr().out
