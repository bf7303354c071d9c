"""The language of a command's output: `--lang`, else `LC_ALL` / `LC_MESSAGES` / `LANG`, else English.

Chosen once per command in `main`; the output code asks `say(code, ...)` for its sentences."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from entrypoints.i18n.languages import SUPPORTED, language_of_environment
from entrypoints.i18n.translation import render, translate

_chosen = ["en"]


def split_language(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> tuple[str, list[str]]:
    """The language `--lang X` (or `--lang=X`, anywhere on the line) or the locale asks for, and the
    arguments without it; an unsupported `--lang` value is left for argparse to refuse."""
    rest: list[str] = []
    chosen: str | None = None
    items = list(argv)
    index = 0
    while index < len(items):
        item = items[index]
        value = None
        if item == "--lang" and index + 1 < len(items) and items[index + 1] in SUPPORTED:
            value, index = items[index + 1], index + 1
        elif item.startswith("--lang=") and item.split("=", 1)[1] in SUPPORTED:
            value = item.split("=", 1)[1]
        if value is None:
            rest.append(item)
        else:
            chosen = value
        index += 1
    return chosen or language_of_environment(environ), rest


def use_language(language: str) -> None:
    _chosen[0] = language if language in SUPPORTED else "en"


def language() -> str:
    return _chosen[0]


def say(code: str, /, **fields: object) -> str:
    """The catalog sentence `code` in the command's language."""
    return render(code, _chosen[0], **fields)


def tr(text: str) -> str:
    """A sentence written in English elsewhere (an error's detail) in the command's language."""
    return translate(text, _chosen[0])
