"""The process-wide switches a validation flips while it reads: the `csv` field limit and the collector.

Both are global to the process, so they live here, at the edge, rather than in the domain's engine: the
validators set them around a pass (pass 1) or around each batch (pass 2, never across a yield, so the
consumer's own work runs with the process as it was).
"""

from __future__ import annotations

import csv
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


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


@contextmanager
def reading(max_chars: int) -> Iterator[None]:
    """Both switches, for one pass over a file."""
    with field_limit(max_chars), collector_paused():
        yield


def switched_per_item(items: Iterator[T], max_chars: int, *, pause: bool = True) -> Iterator[T]:
    """`items`, each produced with the field limit set (and the collector paused, unless told not to)."""
    while True:
        with field_limit(max_chars), collector_paused() if pause else _nothing():
            item = next(items, _END)
        if item is _END:
            return
        yield item  # type: ignore[misc]  # not _END here


@contextmanager
def _nothing() -> Iterator[None]:
    yield


_END = object()
