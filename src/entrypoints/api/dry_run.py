"""The `dry_run` form field, shared by the API and the web form."""

from __future__ import annotations

from application.errors import InvalidInput

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


def dry_run(raw: object) -> bool:
    """True for true/1/yes/on (a checkbox sends `on`), False when absent or false/0/no/off."""
    text = str(raw if raw is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidInput(f"dry_run {raw!r} is not valid; use true or false")
