"""What `ingesta load` shows: a progress line for a person, the report tables, or one JSON document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

import msgspec

from domain.uploads.upload import Upload, UploadStatus
from entrypoints.cli.cli_language import say, tr
from entrypoints.cli.report_table import printable, render_report

EXIT_LOADED, EXIT_REJECTED, EXIT_UNREADABLE, EXIT_UNAVAILABLE = 0, 1, 2, 3


@dataclass(frozen=True)
class FileOutcome:
    """How one input ended: its upload (new, or the earlier one when already loaded) or a reason."""

    name: str
    exit_code: int
    upload: Upload | None = None
    already_loaded: bool = False
    reason: str | None = None


class ProgressLine:
    """`[2/3] loading sales.csv …` redrawn in place on a terminal; silent anywhere else."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self._stream = stream
        self._total = total
        self._enabled = stream.isatty()

    def start(self, index: int, name: str) -> None:
        if self._enabled:
            self._stream.write(
                f"\r\x1b[K[{index}/{self._total}] {say('term.loading', name=printable(name, 60))}"
            )
            self._stream.flush()

    def clear(self) -> None:
        if self._enabled:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


def describe(outcome: FileOutcome) -> str:
    """One line a person reads in a cron mail: what happened to this file."""
    name, upload = printable(outcome.name, 120), outcome.upload
    if upload is None:
        return f"{name}: {tr(outcome.reason or '')}"
    if outcome.already_loaded:
        return say("cli.already_loaded", name=name, dataset=upload.dataset, upload=upload.id)
    if upload.status is UploadStatus.LOADED:
        return say("cli.loaded", name=name, upload=upload.id, dataset=upload.dataset, rows=upload.rows.loaded)
    return say(
        "cli.not_loaded", name=name, upload=upload.id, status=upload.status.value, dataset=upload.dataset
    )


def write_report(outcome: FileOutcome, out: TextIO, err: TextIO) -> None:
    """Problems to stderr; each upload's line and table, the same as `ingesta validate`'s, to stdout."""
    if outcome.upload is None:
        err.write(f"ingesta: {describe(outcome)}\n")
        return
    out.write(describe(outcome) + "\n")
    if not outcome.already_loaded:
        out.write(render_report(outcome.upload) + "\n\n")
    out.flush()


def write_json(outcomes: Sequence[FileOutcome], out: TextIO) -> None:
    """One document, a list of uploads, in the shape POST /uploads answers with."""
    uploads = [outcome.upload for outcome in outcomes if outcome.upload is not None]
    out.write(msgspec.json.encode(uploads).decode() + "\n")


def stop_notice(stopped_at: FileOutcome, remaining: int) -> str:
    code = "cli.stopped_at_one" if remaining == 1 else "cli.stopped_at_many"
    return f"ingesta: {say(code, name=printable(stopped_at.name, 120), count=remaining)}"
