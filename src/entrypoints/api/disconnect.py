"""Work that stops when the HTTP client hangs up, instead of burning CPU for nobody."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import suppress
from typing import Any, TypeVar

from application.errors import InvalidInput

T = TypeVar("T")
Receive = Callable[[], Awaitable[Any]]


class ClientDisconnected(InvalidInput):
    """The client hung up before the answer was ready; nobody reads the response."""


async def unless_disconnected(receive: Receive, work: Coroutine[Any, Any, T]) -> T:
    """Run `work`, cancelling it if an `http.disconnect` arrives first.

    Only for handlers whose request body was read in full: the next ASGI message is then the disconnect.
    """
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_disconnect(receive))
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            return task.result()
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
        raise ClientDisconnected("the client disconnected before the upload finished")
    finally:
        if not task.done():  # this handler itself was cancelled
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        watcher.cancel()


async def _disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
