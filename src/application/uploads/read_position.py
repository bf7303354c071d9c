"""How far pass 1 has read its file, and a small task that hands that share to the upload's phases.

A job's progress knows the rows to expect (the file's line count) but not how many the engine has judged:
the engines read in batches in a worker thread and count nothing on the way. The file's read position,
taken in that thread each time the engine asks whether to stop (once per batch), is a share of the work
that costs nothing to keep; the rows validated so far are that share of the rows expected.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from typing import BinaryIO

logger = logging.getLogger("ingesta.jobs")

# As often as a job's other progress reports: enough for a bar, nothing the validation notices.
SAMPLE_EVERY_SECONDS = 1.0


class ReadPosition:
    """The furthest offset of `source` seen at a batch boundary; a second pass over it never goes back."""

    def __init__(self, source: BinaryIO, size: int) -> None:
        self._source = source
        self._size = size
        self.offset = 0

    def mark(self) -> None:
        """In the reading thread, between batches (the engine may read ahead: the share leads a little)."""
        with suppress(OSError, ValueError):
            self.offset = max(self.offset, self._source.tell())

    @property
    def share(self) -> float:
        """Between 0 and 1; 0 for an empty file."""
        if self._size <= 0:
            return 0.0
        return min(self.offset / self._size, 1.0)


def size_of(source: BinaryIO) -> int:
    """The source's size in bytes, leaving it at its start (every pass reads from there)."""
    size = source.seek(0, 2)
    source.seek(0)
    return size


@asynccontextmanager
async def sampled(position: ReadPosition, report: Callable[[float], Awaitable[None]]) -> AsyncIterator[None]:
    """Calls `report(share)` every `SAMPLE_EVERY_SECONDS` while the block runs, and never after it:
    the task is cancelled and awaited when the block ends, also when it is cancelled or fails."""

    async def sample() -> None:
        reported = 0.0
        while True:
            await asyncio.sleep(SAMPLE_EVERY_SECONDS)
            share = position.share
            if share > reported:
                reported = share
                await report(share)

    task = asyncio.create_task(sample())
    try:
        yield
    finally:
        task.cancel()
        await asyncio.wait({task})  # unlike `await task`, never swallows a cancel of this block
        if not task.cancelled() and task.exception() is not None:
            logger.debug("validation progress not sampled: %r", task.exception())
