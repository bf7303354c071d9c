"""English and Spanish strings for the web page, and how a request's language is chosen."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from entrypoints.i18n.languages import preferred_language
from entrypoints.web.strings_en import ENGLISH
from entrypoints.web.strings_es import SPANISH

LANGUAGES: Mapping[str, Mapping[str, str]] = {"en": ENGLISH, "es": SPANISH}
DEFAULT_LANGUAGE = "en"

Translate = Callable[..., str]


def language_for(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """An explicit switch (`?lang=`) wins, then the remembered choice, then the browser's preference."""
    for explicit in (query, cookie):
        if explicit is not None and explicit in LANGUAGES:
            return explicit
    return preferred_language(accept_language or "")


def translator(language: str) -> Translate:
    strings = LANGUAGES.get(language, LANGUAGES[DEFAULT_LANGUAGE])

    def translate(key: str, **values: object) -> str:
        # A missing Spanish string falls back to English rather than showing a key to the user.
        text = strings.get(key) or ENGLISH.get(key, key)
        return text.format(**values) if values else text

    return translate


def as_sentence(detail: str) -> str:
    """`the file is empty; send rows` → `The file is empty; send rows.`"""
    text = detail.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."
