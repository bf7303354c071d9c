"""Object keys are relative, slash-separated paths that stay inside the store."""

from __future__ import annotations

from application.errors import InvalidInput


def checked_key(key: str) -> str:
    """The key itself, or `InvalidInput` when it is empty, absolute or could climb out of the store."""
    if not key or "\x00" in key or "\\" in key:
        raise InvalidInput("an object key must be a non-empty relative path without NUL or backslash")
    if key.startswith("/"):
        raise InvalidInput("an object key must be relative, not absolute")
    # Empty and "." segments are refused too: two spellings of one key would name two S3 objects.
    if any(segment in {"", ".", ".."} for segment in key.split("/")):
        raise InvalidInput("an object key must not contain '..', '.' or empty segments")
    return key
