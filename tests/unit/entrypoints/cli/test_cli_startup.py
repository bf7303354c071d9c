"""`ingesta --version` and `--help` answer in this process (their import probes, each a process of its own,
are in `tests/integration/cli/test_cli_startup_imports.py`)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.unit


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    from entrypoints.cli.main import main

    with pytest.raises(SystemExit) as exited:
        main(["--version"])

    assert exited.value.code == 0
    assert capsys.readouterr().out == f"ingesta {version('ingesta')}\n"


def test_users_create_help_shows_a_printf_that_can_be_pasted(capsys: pytest.CaptureFixture[str]) -> None:
    from entrypoints.cli.main import main

    with pytest.raises(SystemExit):
        main(["users", "create", "--help"])

    text = " ".join(capsys.readouterr().out.split())
    assert "printf '%s' \"$PASSWORD\" | ingesta users create" in text
    assert "%%" not in text
