"""After a 202, `ingesta upload` follows the upload until it is final, with its progress on stderr:
a line rewritten in place on a terminal, a new line every `LINE_EVERY_SECONDS` otherwise (a log
keeps a trace without a line per poll). Ctrl-C while following asks the service to cancel it."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

import msgspec

from domain.uploads.progress_estimate import fraction_done, seconds_left
from domain.uploads.upload import FINAL_STATUSES, UploadProgress
from entrypoints.cli.cli_language import say, tr

if TYPE_CHECKING:
    import httpx

FINAL = frozenset(status.value for status in FINAL_STATUSES)
POLL_SECONDS = 1.0
LINE_EVERY_SECONDS = 10.0
# After a cancel was asked for, how long to wait for the worker to roll back before giving up.
CANCEL_WAIT_SECONDS = 60.0


def follow(
    client: httpx.Client,
    token: str,
    body: dict[str, Any],
    *,
    poll_seconds: float = POLL_SECONDS,
    out: TextIO | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> dict[str, Any]:
    """The Upload resource once final, read from its Location every `poll_seconds`."""
    shown = _Shown(out or sys.stderr, clock)
    try:
        body = _until_final(client, token, body, poll_seconds, shown)
    except KeyboardInterrupt:
        shown.end()
        body = _cancel(client, token, body, poll_seconds, shown)
    shown.end()
    return body


def _until_final(
    client: httpx.Client,
    token: str,
    body: dict[str, Any],
    poll_seconds: float,
    shown: _Shown,
    deadline: float | None = None,
) -> dict[str, Any]:
    while body["status"] not in FINAL:
        if deadline is not None and shown.clock() > deadline:
            return body
        time.sleep(poll_seconds)
        response = client.get(f"/uploads/{body['id']}", headers=_bearer(token))
        response.raise_for_status()
        body = response.json()
        shown.update(body)
    return body


def _cancel(
    client: httpx.Client, token: str, body: dict[str, Any], poll_seconds: float, shown: _Shown
) -> dict[str, Any]:
    shown.say(say("cli.cancelling", upload=body["id"]))
    response = client.post(f"/uploads/{body['id']}/cancel", headers=_bearer(token))
    if response.status_code == 409:  # it became final meanwhile: its outcome stands
        shown.say(say("cli.cancel_too_late", detail=tr(_detail(response))))
    else:
        response.raise_for_status()
    body = response.json() if response.status_code < 300 else body
    deadline = shown.clock() + CANCEL_WAIT_SECONDS
    return _until_final(client, token, body, poll_seconds, shown, deadline)


class _Shown:
    """The progress line: where it goes, when processing started, what was written last and when."""

    def __init__(self, out: TextIO, clock: Callable[[], float]) -> None:
        self.out = out
        self.clock = clock
        self.on_tty = out.isatty()
        self.started: float | None = None
        self.text = ""
        self.written_at = float("-inf")
        self.open_line = False

    def update(self, body: dict[str, Any]) -> None:
        now = self.clock()
        if self.started is None and body["status"] != "queued":
            self.started = now
        line = describe(body, 0.0 if self.started is None else now - self.started)
        if line == self.text:
            return
        if self.on_tty:
            self.out.write(f"\r{line:<72}")
            self.open_line = True
        elif now - self.written_at >= LINE_EVERY_SECONDS or body["status"] in FINAL:
            self.out.write(line + "\n")
            self.written_at = now
        else:
            return
        self.out.flush()
        self.text = line

    def say(self, line: str) -> None:
        self.end()
        self.out.write(line + "\n")
        self.out.flush()

    def end(self) -> None:
        if self.open_line:
            self.out.write("\n")
            self.open_line = False


def describe(body: dict[str, Any], elapsed: float) -> str:
    """One line: the phase and rows so far, and with an expected row count a percentage and, once
    there is a rate to go by, the time left."""
    raw = body.get("progress")
    # convert, not UploadProgress(**raw): a newer service may send fields this client does not know.
    progress = msgspec.convert(raw, UploadProgress) if raw else UploadProgress(phase=body["status"])
    status = body["status"]
    if status == "queued":
        return say("cli.progress_queued")
    if status == "loading":
        what = say("cli.progress_loading", loaded=progress.rows_loaded, validated=progress.rows_validated)
    elif status == "validating" and progress.rows_expected is not None:
        what = say(
            "cli.progress_validating", validated=progress.rows_validated, expected=progress.rows_expected
        )
    else:
        return say("cli.progress_phase", status=say(f"status.{status}"))
    fraction = fraction_done(progress)
    if fraction is None:
        return what
    percent = int(fraction * 100)
    left = seconds_left(fraction, elapsed)
    if left is None:
        return say("cli.progress_percent", what=what, percent=percent)
    return say("cli.progress_left", what=what, percent=percent, left=duration(left))


def duration(seconds: float) -> str:
    if seconds < 90:
        return say("cli.about_seconds", count=max(round(seconds), 1))
    return say("cli.about_minutes", count=round(seconds / 60))


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", ""))
    except ValueError:
        return response.text
