"""The raw file's archiving, running while the file is validated: the two take about as long, and neither
needs the other until something is to be recorded as done."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from contextlib import suppress
from typing import TypeVar

T = TypeVar("T")


class ArchiveAlongside:
    """Started at once; `meanwhile` runs other work beside it, `finished` waits for it (and raises its error).

    Whoever records an outcome or loads rows awaits `finished` first: nothing counts as done unless the
    raw file is in the archive. When the upload fails otherwise, `settle` lets the archive complete, as it
    would have before validation began (the failed record names the object); `abandon` stops it when the
    upload was cancelled.
    """

    def __init__(self, put: Awaitable[None] | None) -> None:
        """`put` None: nothing to archive here (done already, or the object was in the archive before)."""
        self._put = asyncio.ensure_future(put if put is not None else asyncio.sleep(0))

    async def meanwhile(self, work: Awaitable[T]) -> T:
        """`work`'s result; if archiving fails first, `work` is cancelled and the archive's error raised."""
        task = asyncio.ensure_future(work)
        try:
            await asyncio.wait({task, self._put}, return_when=asyncio.FIRST_COMPLETED)
            if not task.done() and self._put.exception() is not None:
                task.cancel()
                await asyncio.wait({task})
                raise self._put.exception()  # type: ignore[misc]
            return await task
        except BaseException:
            # Cancelled from outside (a client that hung up): the work stops too.
            if not task.done():
                task.cancel()
                await asyncio.wait({task})
            raise

    async def finished(self) -> None:
        await asyncio.shield(self._put)

    async def settle(self) -> None:
        with suppress(Exception):
            await asyncio.shield(self._put)

    async def abandon(self) -> None:
        if not self._put.done():
            self._put.cancel()
        with suppress(BaseException):
            await self._put
