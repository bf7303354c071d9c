"""Opening a source as numbered batches of records, the same way for both passes."""

from __future__ import annotations

import csv
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from domain.validation.records import ParseFailure, read_batches
from domain.validation.row_facts import is_blank
from domain.validation.text_source import SAMPLE_BYTES, open_text

Numbered = Iterator[tuple[int, list[list[str]]]]
StopCheck = Callable[[], bool]


class ReadingStopped(Exception):
    """The caller asked the reading to stop (the client hung up, say); nothing after it was read."""


def never() -> bool:
    return False


@contextmanager
def field_limit(max_chars: int) -> Iterator[None]:
    """`csv`'s field limit is process-wide: set it for the duration and put the previous one back."""
    previous = csv.field_size_limit(max_chars)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is read, and resume it as it was.

    Reading allocates millions of short-lived lists that the collector would otherwise keep scanning
    (about a fifth of pass 1's time); records hold no reference cycles, so nothing is left for it.
    Validations may overlap in worker threads, so the first to enter pauses the collector and the last
    to leave restores it; otherwise one could re-enable it under another, or leave it off for good.
    """
    global _pausers, _was_enabled
    with _pause_lock:
        if _pausers == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pausers += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pausers -= 1
            if _pausers == 0 and _was_enabled:
                gc.enable()


_pause_lock = threading.Lock()
_pausers = 0
_was_enabled = True


def open_records(
    source: BinaryIO,
    encoding: str,
    delimiter: str,
    batch_size: int,
    sample: bytes | None = None,
    stop: StopCheck = never,
) -> tuple[list[str] | None, Numbered]:
    """The header (first non-blank record; None for an empty file) and the numbered batches after it.

    Row numbers count records with the header as row 1. `sample`, when given, is what was already read
    from position 0, so the source is not read twice. `stop` is asked before every batch: once it says
    yes, the batches end with `ReadingStopped`, so a worker thread nobody waits for stops reading.
    """
    if sample is None:
        source.seek(0)
        sample = source.read(SAMPLE_BYTES)
    text = open_text(sample, source, encoding)
    batches = _stoppable(read_batches(text, delimiter, batch_size), stop)
    for batch in batches:
        for index, record in enumerate(batch):
            if isinstance(record, ParseFailure) or not is_blank(record):
                return record, _numbered(batch[index + 1 :], batches)
    return None, iter(())


def _numbered(rest_of_first: list[list[str]], batches: Iterator[list[list[str]]]) -> Numbered:
    row = 2
    if rest_of_first:
        yield row, rest_of_first
        row += len(rest_of_first)
    for batch in batches:
        yield row, batch
        row += len(batch)


def _stoppable(batches: Iterator[list[list[str]]], stop: StopCheck) -> Iterator[list[list[str]]]:
    for batch in batches:
        if stop():
            raise ReadingStopped("reading was stopped by the caller")
        yield batch
