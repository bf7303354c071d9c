"""Which language an answer is written in: Spanish or English, chosen once per request or command."""

from __future__ import annotations

from collections.abc import Mapping

SUPPORTED = ("en", "es")
DEFAULT_LANGUAGE = "en"


def preferred_language(accept_language: str | None) -> str:
    """The supported language the `Accept-Language` header ranks highest (`es-ES,es;q=0.9,en;q=0.8`);
    English when the header is absent or names neither."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        if parameters.strip().startswith("q="):
            try:
                quality = float(parameters.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in SUPPORTED and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def language_of_environment(environ: Mapping[str, str]) -> str:
    """The language POSIX locale variables ask for, in their order of precedence (`LC_ALL`, then
    `LC_MESSAGES`, then `LANG`): `es_ES.UTF-8` is Spanish; `C`, `POSIX` or anything else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        if value:
            primary = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
            return primary if primary in SUPPORTED else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE
