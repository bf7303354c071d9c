"""The `Prefer` request header (RFC 7240): does the client ask for an asynchronous answer?"""

from __future__ import annotations


def prefers_async(header: str | None) -> bool:
    """True for `Prefer: respond-async` among other preferences, in any case, with or without params."""
    if not header:
        return False
    for preference in header.split(","):
        token = preference.split(";", 1)[0].split("=", 1)[0].strip().lower()
        if token == "respond-async":
            return True
    return False
