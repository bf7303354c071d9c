"""How many rows pass 1 has judged, and a small task that hands that count to the upload's phases.

The engines tell the rows judged so far before each batch they check (`CsvValidator.validate`'s
`checked`), in their worker thread. That count is what a job's progress shows while validating: unlike
the file's read position, it never runs ahead of the checks (Arrow reads blocks ahead of them) and never
passes the report's final count (blank lines and quoted line breaks make the file's lines more than its rows).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

logger = logging.getLogger("ingesta.jobs")

# As often as a job's other progress reports: enough for a bar, nothing the validation notices.
SAMPLE_EVERY_SECONDS = 1.0


class CheckedRows:
    """The most rows pass 1 said it had judged; a pass run again from the start never moves it back."""

    def __init__(self) -> None:
        self.rows = 0

    def __call__(self, rows: int) -> None:
        """In the validating thread, before each batch (an int's assignment needs no lock)."""
        if rows > self.rows:
            self.rows = rows


@asynccontextmanager
async def sampled(checked: CheckedRows, report: Callable[[int], Awaitable[None]]) -> AsyncIterator[None]:
    """Calls `report(rows)` every `SAMPLE_EVERY_SECONDS` while the block runs, when the count grew, and
    never after it: the task is cancelled and awaited when the block ends, even cancelled or failing."""

    async def sample() -> None:
        reported = 0
        while True:
            await asyncio.sleep(SAMPLE_EVERY_SECONDS)
            rows = checked.rows
            if rows > reported:
                reported = rows
                await report(rows)

    task = asyncio.create_task(sample())
    try:
        yield
    finally:
        task.cancel()
        await asyncio.wait({task})  # unlike `await task`, never swallows a cancel of this block
        if not task.cancelled() and task.exception() is not None:
            logger.debug("validation progress not sampled: %r", task.exception())
