"""argparse's own words (usage, section titles, its error messages) in the command's language.

The commands write their help texts with `say("help.…")`; argparse asks `gettext` for its own words
("usage: ", "options", "invalid choice: …"), so its module-level `_` and `ngettext` are pointed at the
catalog's `argparse.*` entries, found by their English text. Nothing changes for English.
"""

from __future__ import annotations

import argparse
from functools import cache

from entrypoints.i18n.messages_en import ENGLISH
from entrypoints.i18n.translation import render

ARGPARSE = "argparse."
_ENGLISH = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]


@cache
def _codes() -> dict[str, str]:
    return {text: code for code, text in ENGLISH.items() if code.startswith(ARGPARSE)}


def argparse_text(message: str, language: str) -> str:
    """One of argparse's own messages in `language`; as written when the catalog lacks it."""
    code = _codes().get(message) if isinstance(message, str) else None
    return message if code is None else render(code, language)


def use_argparse_language(language: str) -> None:
    """Let argparse write its own words in `language` (process-wide: a process runs one command)."""
    if language == "en":
        argparse._, argparse.ngettext = _ENGLISH  # type: ignore[attr-defined]
        return

    def gettext(message: str) -> str:
        return argparse_text(message, language)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    # argparse looks these names up in its module at each call (`from gettext import gettext as _`).
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
