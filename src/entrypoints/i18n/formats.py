"""Numbers, sizes and dates written as each language writes them (52,407,704 / 52.407.704).

Two languages need no CLDR database: the separators and month names are written out here."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

_SEPARATORS = {"en": (",", "."), "es": (".", ",")}  # (thousands, decimal)
_MONTHS_ES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
_ENGLISH_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")


def format_number(value: int | float | Decimal, language: str) -> str:
    """`52407704` → `52,407,704` in English, `52.407.704` in Spanish; decimals keep their digits."""
    group, point = _SEPARATORS.get(language, _SEPARATORS["en"])
    text = f"{value:,}" if isinstance(value, int) else f"{Decimal(str(value)):,f}"
    return text.translate({ord(","): group, ord("."): point})


def format_english_number(text: str, language: str) -> str:
    """A number as English text writes it (`1,234.5`, `0.93`) rewritten for `language`; any other text
    is returned unchanged."""
    if not _ENGLISH_NUMBER.fullmatch(text):
        return text
    plain = text.replace(",", "")
    try:
        number: int | Decimal = int(plain) if "." not in plain else Decimal(plain)
    except (ValueError, InvalidOperation):
        return text
    return format_number(number, language)


def format_datetime(moment: datetime, language: str) -> str:
    """`2026-12-01 17:31 UTC` → `Dec 1, 2026, 17:31 UTC` / `1 de diciembre de 2026, 17:31 UTC`."""
    zone = moment.tzname() or ""
    clock = f"{moment:%H:%M}" + (f" {zone}" if zone else "")
    if language == "es":
        return f"{moment.day} de {_MONTHS_ES[moment.month - 1]} de {moment.year}, {clock}"
    return f"{moment:%b} {moment.day}, {moment.year}, {clock}"
