"""The language of answers written for people: Spanish or English, from `Accept-Language`."""

from __future__ import annotations

from typing import Literal

SUPPORTED = ("en", "es")


def preferred_language(accept_language: str | None) -> Literal["en", "es"]:
    """The supported language with the highest q-value; English when nothing matches."""
    best: tuple[float, str] = (0.0, "en")
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        if primary in SUPPORTED and weight > best[0]:
            best = (weight, primary)
    return "es" if best[1] == "es" else "en"
