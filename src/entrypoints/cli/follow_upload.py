"""After a 202, `ingesta upload` follows the upload until it is final, with its progress on stderr."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

FINAL = frozenset({"loaded", "rejected", "failed"})
POLL_SECONDS = 1.0


def follow(
    client: httpx.Client, token: str, body: dict[str, Any], *, poll_seconds: float = POLL_SECONDS
) -> dict[str, Any]:
    """The Upload resource once final, read from its Location every `poll_seconds`."""
    shown = ""
    while body["status"] not in FINAL:
        time.sleep(poll_seconds)
        response = client.get(f"/uploads/{body['id']}", headers={"Authorization": f"Bearer {token}"})
        response.raise_for_status()
        body = response.json()
        line = _describe(body)
        if line != shown and sys.stderr.isatty():
            sys.stderr.write(f"\r{line:<60}")
            sys.stderr.flush()
            shown = line
    if shown:
        sys.stderr.write("\n")
    return body


def _describe(body: dict[str, Any]) -> str:
    progress = body.get("progress") or {}
    if body["status"] == "loading":
        return f"loading: {progress.get('rows_loaded', 0):,} of {progress.get('rows_validated', 0):,} rows"
    return f"{body['status']}…"
