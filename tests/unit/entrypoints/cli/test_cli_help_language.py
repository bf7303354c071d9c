"""`--help` and argparse's own messages speak the command's language: `--lang`, else the locale."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest
from tests.support.english_fragments import english_words, without_commands

from entrypoints.cli.main import build_parser, main

pytestmark = pytest.mark.unit

CLI = Path(__file__).resolve().parents[4] / "src" / "entrypoints" / "cli"
HELP_KEYWORDS = {"help", "description", "epilog"}


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand of `ingesta`, as the words that name it."""
    found: list[tuple[str, ...]] = [()]

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, subparser in action.choices.items():
                    found.append((*path, name))
                    walk(subparser, (*path, name))

    walk(build_parser(), ())
    return found


def help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


def prose(help_text: str, names: set[str]) -> str:
    """The help without what is the same in every language: the usage block, command, option and
    metavar names at the start of a line, and example command lines (but their comments)."""
    _, _, after_usage = help_text.partition("\n\n")
    lines = []
    for line in without_commands(after_usage).splitlines():
        first, _, rest = line.strip().partition(" ")
        lines.append(rest if line.startswith(" ") and (first in names or first[:1] in "-{") else line)
    return "\n".join(lines)


def test_every_help_text_is_a_catalog_entry() -> None:
    # A literal help="..." would print English whatever the language; `say("help.…")` has both.
    literal = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.keyword) and node.arg in HELP_KEYWORDS):
                continue
            value = node.value
            if isinstance(value, ast.Constant | ast.JoinedStr) or (
                isinstance(value, ast.Name) and value.id == "EPILOG"
            ):
                literal.append(f"{path.name}:{value.lineno}")
    assert literal == []


def test_the_walk_finds_every_command() -> None:
    paths = command_paths()
    assert {
        ("upload",),
        ("users", "create"),
        ("users", "list"),
        ("schema", "infer"),
        ("db", "upgrade"),
    } <= set(paths)


@pytest.mark.parametrize("path", command_paths(), ids=lambda path: " ".join(path) or "ingesta")
def test_spanish_help_of_every_command_has_no_english(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    names = {name for command in command_paths() for name in command}
    text = help_of(capsys, "--lang", "es", *path)

    assert text.startswith("uso: ingesta")
    assert "opciones:" in text and "muestra esta ayuda y termina" in text
    assert english_words(prose(text, names), allowed=frozenset({"file", "dataset"})) == [], text


@pytest.mark.parametrize("path", [(), ("upload",), ("users", "create")])
def test_english_help_stays_english(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys, *path)

    assert text.startswith("usage: ingesta")
    assert "options:" in text and "show this help message and exit" in text
    assert "uso:" not in text


def test_the_locale_chooses_spanish_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")

    text = help_of(capsys, "upload")

    assert "sube un archivo csv" in text.lower() and "el conjunto de datos de destino" in text


def test_users_create_help_in_spanish_keeps_a_pasteable_printf(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys, "--lang", "es", "users", "create")

    assert "printf '%s' \"$PASSWORD\" | ingesta users create alice" in text


def test_argparse_errors_follow_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "es", "upload"])
    spanish = capsys.readouterr().err
    assert "faltan estos argumentos obligatorios" in spanish and "ingesta upload: error:" in spanish

    with pytest.raises(SystemExit):
        main(["--lang", "es", "upload", "a.csv", "--dataset", "d", "--on-error", "explode"])
    assert re.search(
        r"opción no válida: 'explode' \(elija entre 'reject', 'skip', 'accept'\)", capsys.readouterr().err
    )

    # The next command in the same process is English again.
    with pytest.raises(SystemExit):
        main(["upload"])
    assert "the following arguments are required" in capsys.readouterr().err
