"""Opening a source as numbered batches of records, the same way for both passes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext

from domain.validation.records import ParseFailure, read_batches
from domain.validation.row_facts import is_blank
from domain.validation.text_source import TextSource

Numbered = Iterator[tuple[int, list[list[str]]]]
StopCheck = Callable[[], bool]
# Told, before each batch is checked, how many rows pass 1 has checked so far (a job's progress).
RowsChecked = Callable[[int], None]


class ReadingStopped(Exception):
    """The caller asked the reading to stop (the client hung up, say); nothing after it was read."""


def never() -> bool:
    return False


def unobserved(rows: int) -> None:
    return None


def collector_paused() -> AbstractContextManager[None]:
    """Does nothing: the adapter that runs a validation pauses the garbage collector around all of it.

    Kept for the enrichment rules, which still ask for a pause around their own heavy allocations; the
    domain no longer switches process-wide state (see `adapters.validation.process_switches`).
    """
    return nullcontext()


def open_records(
    source: TextSource,
    encoding: str,
    delimiter: str,
    batch_size: int,
    stop: StopCheck = never,
) -> tuple[list[str] | None, Numbered]:
    """The header (first non-blank record; None for an empty file) and the numbered batches after it.

    Row numbers count records with the header as row 1. `stop` is asked before every batch: once it says
    yes, the batches end with `ReadingStopped`, so a worker thread nobody waits for stops reading.
    """
    batches = _stoppable(read_batches(source.text(encoding), delimiter, batch_size), stop)
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
