"""The upload size limit as a person reads it: "50 MB" rather than 52,428,800 bytes."""

from __future__ import annotations

from entrypoints.i18n.formats import format_number

MEGABYTE = 1024 * 1024


def size_text(limit: int, language: str) -> str:
    """MB (mebibytes, as file managers count them) for a limit of 1 MB or more, bytes below."""
    if limit < MEGABYTE:
        return f"{format_number(limit, language)} bytes"
    megabytes = limit / MEGABYTE
    shown = int(megabytes) if megabytes.is_integer() else round(megabytes, 1)
    return f"{format_number(shown, language)} MB"
