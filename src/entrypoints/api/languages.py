"""The language of answers written for people, typed as the upload command wants it."""

from __future__ import annotations

from typing import Literal

from entrypoints.i18n import languages


def preferred_language(accept_language: str | None) -> Literal["en", "es"]:
    """The supported language with the highest q-value; English when nothing matches (one negotiation
    for problem details, reports and AI insights: `entrypoints.i18n.languages`)."""
    return "es" if languages.preferred_language(accept_language) == "es" else "en"
