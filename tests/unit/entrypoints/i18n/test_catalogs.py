"""Every message the service writes for people exists in Spanish and English."""

from __future__ import annotations

import ast
import functools
import re
import time
from pathlib import Path

import pytest
from tests.support.english_fragments import english_words, without_commands

from entrypoints.i18n.messages_en import ENGLISH
from entrypoints.i18n.messages_es import SPANISH
from entrypoints.i18n.translation import FIELD, recognise, render, translate
from entrypoints.web.strings_es import SPANISH as WEB_SPANISH

pytestmark = pytest.mark.unit

SRC = Path(__file__).resolve().parents[4] / "src"
# Every error a use case, adapter or entrypoint raises with a sentence for people.
ERROR_KINDS = {
    "ApplicationError", "InvalidInput", "AuthenticationFailed", "InvalidToken", "PermissionDenied",
    "NotFound", "Conflict", "PreconditionRequired", "PreconditionFailed", "PayloadTooLarge",
    "UnsupportedContent", "RateLimited", "ServiceUnavailable", "ObjectStoreUnavailable",
    "DatabaseUnavailable", "DatabaseBusy", "InsufficientStorage", "DomainValidationError",
    "InvalidContract", "TokenNotRenewable", "UnreadableInput", "DatabaseNotReady", "RunStopped",
    "FileRefused", "ApiError", "TokenRejected", "ToolError", "ConfigError", "SettingsError",
}  # fmt: skip
PLACEHOLDER = "7"
ARGPARSE_FIELD = re.compile(r"%\(\w+\)\w")


def _shape(node: ast.expr) -> str | None:
    """The text an error message literal writes, each interpolated part replaced by PLACEHOLDER."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else PLACEHOLDER for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return (_shape(node.left) or PLACEHOLDER) + (_shape(node.right) or PLACEHOLDER)
    return None


@functools.cache  # parsing every source file is most of the module's cost: once at collection is enough
def raised_messages() -> tuple[tuple[str, str], ...]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            callee = node.func
            name = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", None)
            in_errors_module = name == "__init__" and path.name == "errors.py"
            if name in ERROR_KINDS or in_errors_module:
                # The sentence is the first text argument (ApiError takes the status first).
                text = next((shape for shape in map(_shape, node.args) if shape is not None), None)
                if text is not None:
                    found.append((f"{path.relative_to(SRC)}:{node.lineno}", text))
    return tuple(found)


def test_spanish_and_english_have_the_same_codes() -> None:
    assert sorted(set(ENGLISH) ^ set(SPANISH)) == []


@pytest.mark.parametrize("code", sorted(ENGLISH))
def test_each_translation_has_the_same_fields_and_no_english(code: str) -> None:
    def fields(text: str) -> list[tuple[str, str | None]]:
        return sorted((m.group(1), m.group(2)) for m in FIELD.finditer(text))

    assert fields(SPANISH[code]) == fields(ENGLISH[code])
    # argparse's own placeholders (`%(value)r`) are filled by argparse, like our fields.
    spanish = without_commands(ARGPARSE_FIELD.sub(" ", FIELD.sub(" ", SPANISH[code])))
    # "decimal" is Spanish too; the upload form's field names (file, dataset) are the API's.
    assert english_words(spanish, allowed=frozenset({"decimal", "file", "dataset"})) == [], SPANISH[code]


@pytest.mark.parametrize("key", sorted(WEB_SPANISH))
def test_the_web_pages_spanish_strings_hold_no_english(key: str) -> None:
    assert english_words(WEB_SPANISH[key]) == [], WEB_SPANISH[key]


def test_the_scan_finds_the_raise_sites() -> None:
    # Guards the scan itself: if it found nothing, the next test could not fail.
    messages = dict(raised_messages())
    assert len(messages) > 80
    assert "this exact file was already loaded into 7 by upload 7" in messages.values()


@pytest.mark.parametrize(("where", "text"), raised_messages())
def test_every_raised_message_has_a_translation(where: str, text: str) -> None:
    found = recognise(text)
    if text == f"{PLACEHOLDER}: {PLACEHOLDER}":
        return  # a place before a message raised elsewhere, which this test checks there
    # `cli.located` ("where: why") fits any text with a colon; a message needs its own entry.
    assert found is not None and found[0] != "cli.located", (
        f"{where}: add {text!r} to entrypoints/i18n/messages_*.py"
    )
    assert translate(text, "es") != text


def test_the_defect_the_issue_quotes_is_spanish_all_the_way() -> None:
    detail = "this exact file was already loaded into 'ventas' by upload 0b6e"
    assert translate(detail, "es") == "este mismo archivo ya se cargó en 'ventas' con la subida 0b6e"


def test_numbers_inside_messages_are_written_for_the_language() -> None:
    detail = "the file has 52407704 bytes; the limit is 52428800 (INGESTA_MAX_UPLOAD_BYTES)"
    assert "52.407.704 bytes" in translate(detail, "es") and "52.428.800" in translate(detail, "es")
    assert translate(detail, "en") == detail


def test_nested_messages_are_translated_in_turn() -> None:
    text = "header: malformed record (line contains NUL); parsing resumed on the next line"
    assert translate(text, "es") == (
        "encabezado: registro mal formado (la línea contiene NUL); la lectura siguió en la línea siguiente"
    )


def test_an_unknown_text_is_left_as_it_is() -> None:
    assert translate("something new", "es") == "something new"
    assert recognise("something new") is None


def test_render_fills_a_code_in_either_language() -> None:
    assert render("sample.repeats_row", "es", row="1.234") == "repite la fila 1.234"
    assert render("sample.repeats_row", "en", row="1,234") == "repeats row 1,234"


def test_a_huge_text_is_left_as_written_without_trying_every_template() -> None:
    # A key clash names the key's cells; a hostile key could otherwise make matching slow.
    text = "key (id) = (" + ": already loaded into x by upload " * 5000 + ") is already in the dataset"
    started = time.perf_counter()
    assert translate(text, "es") == text
    assert time.perf_counter() - started < 0.5
