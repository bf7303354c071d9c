"""The command line speaks Spanish when --lang or the locale asks for it, English otherwise."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import httpx
import pytest
from tests.support.english_fragments import english_words
from tests.unit.entrypoints.cli.test_upload_command import FakeService, arguments, upload_body

from entrypoints.cli.cli_language import split_language, use_language
from entrypoints.cli.main import main
from entrypoints.cli.upload_command import upload_command
from entrypoints.i18n.messages_en import ENGLISH

pytestmark = pytest.mark.unit

CLI = Path(__file__).resolve().parents[4] / "src" / "entrypoints" / "cli"
MESSY = b"id,name,price\n1,Ana,10.50\n2,Luis,abc\n2,Luis,abc\n3,,=cmd()\n" + b"".join(
    b"%d,Name %d,%d.00\n" % (i, i, i) for i in range(4, 1300)
)


@pytest.mark.parametrize(
    ("argv", "environ", "language", "rest"),
    [
        (["--lang", "es", "validate", "a.csv"], {}, "es", ["validate", "a.csv"]),
        (["validate", "a.csv", "--lang=es"], {"LANG": "en_US.UTF-8"}, "es", ["validate", "a.csv"]),
        (["validate", "a.csv"], {"LANG": "es_ES.UTF-8"}, "es", ["validate", "a.csv"]),
        (["validate", "a.csv"], {"LANG": "es_ES.UTF-8", "LC_ALL": "C"}, "en", ["validate", "a.csv"]),
        (["validate", "a.csv"], {"LC_MESSAGES": "es_MX"}, "es", ["validate", "a.csv"]),
        (["validate", "a.csv"], {}, "en", ["validate", "a.csv"]),
        (["--lang", "fr", "validate"], {}, "en", ["--lang", "fr", "validate"]),  # argparse refuses it
    ],
)
def test_the_language_comes_from_lang_then_the_locale(
    argv: list[str], environ: dict[str, str], language: str, rest: list[str]
) -> None:
    assert split_language(argv, environ) == (language, rest)


def test_an_unknown_lang_is_refused_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "validate", "a.csv"])
    assert "--lang" in capsys.readouterr().err


def test_validate_in_spanish_has_no_english_and_spanish_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ventas.csv"
    path.write_bytes(MESSY)

    code = main(["validate", str(path), "--lang", "es"])

    out = capsys.readouterr().out
    assert code == 1
    assert "filas: 1.300 en total" in out and "ESTADO" in out and "REGLA" in out
    assert "no es un valor válido de tipo decimal" in out and "duplicado de la fila 3" in out
    # Column names and rule ids (`encoding`) are identifiers; "decimal" is Spanish too.
    assert english_words(out, allowed=frozenset({"id", "name", "price", "decimal", "encoding"})) == [], out


def test_validate_follows_lang_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ventas.csv"
    path.write_bytes(MESSY)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")

    main(["validate", str(path)])

    assert "Los valores son del tipo de su columna" in capsys.readouterr().out


def test_english_stays_as_it_was_with_english_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sales.csv"
    path.write_bytes(MESSY)

    main(["validate", str(path)])

    out = capsys.readouterr().out
    assert "rows: 1,300 total" in out and "not a valid decimal" in out and "duplicate of row 3" in out


def test_a_missing_file_is_said_in_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nada.csv"), "--lang", "es"]) == 2
    err = capsys.readouterr().err
    assert "no se puede leer" in err and english_words(err) == [], err


def test_upload_asks_the_service_for_spanish_and_prints_spanish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use_language("es")
    service = FakeService(422, upload_body("rejected"))

    assert upload_command(arguments(tmp_path), transport=httpx.MockTransport(service)) == 1

    assert service.requests[0].headers["accept-language"] == "es"
    out = capsys.readouterr().out
    assert (
        out.startswith("subida u-1: rechazada en sales (append; contrato v") or "subida u-1: rechazada" in out
    )
    assert "No hay filas duplicadas" in out and "duplicado de la fila 3" in out
    assert english_words(out, allowed=frozenset({"id", "append"})) == [], out


def test_a_refusal_from_the_service_keeps_its_spanish_detail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use_language("es")
    detail = "este mismo archivo ya se cargó en 'sales' con la subida u-0"
    service = FakeService(409, {"type": "about:blank", "title": "Conflicto", "status": 409, "detail": detail})

    assert upload_command(arguments(tmp_path), transport=httpx.MockTransport(service)) == 1
    assert (
        "ingesta: Este mismo archivo ya se cargó en 'sales' con la subida u-0. (HTTP 409)"
        in capsys.readouterr().err
    )


def said_codes() -> list[str]:
    codes = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant):
                    codes.append(str(first.value))
    return codes


def test_every_code_the_commands_say_is_in_the_catalogs() -> None:
    codes = said_codes()
    assert len(codes) > 20
    assert [code for code in codes if code not in ENGLISH] == []


def printed_literals() -> list[tuple[str, str]]:
    """The literal text of every print() and .write() of the commands (placeholders left out)."""
    found = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            callee = getattr(node, "func", None)
            if not (isinstance(node, ast.Call) and node.args):
                continue
            if getattr(callee, "id", None) != "print" and getattr(callee, "attr", None) != "write":
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                text = first.value
            elif isinstance(first, ast.JoinedStr):
                text = "".join(str(part.value) for part in first.values if isinstance(part, ast.Constant))
            else:
                continue
            found.append((f"{path.name}:{node.lineno}", text))
    return found


def test_the_scan_finds_the_prints() -> None:
    assert len(printed_literals()) > 20


@pytest.mark.parametrize(("where", "text"), printed_literals())
def test_no_command_prints_words_of_its_own(where: str, text: str) -> None:
    # Sentences come from say()/tr(), which have them in both languages; only the program's name
    # and punctuation may be written around them.
    words = re.findall(r"[A-Za-z]{2,}", re.sub(r"^ingesta( mcp)?: ", "", text))
    assert words == [], f"{where}: print say('cli....') from entrypoints/i18n/messages_*.py instead"
