"""Work for a request stops when its client hangs up, and only then."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from entrypoints.api.disconnect import ClientDisconnected, unless_disconnected

pytestmark = pytest.mark.unit


class FakeReceive:
    """The ASGI receive channel after the body was read: it answers once the client hangs up."""

    def __init__(self) -> None:
        self.hung_up = asyncio.Event()

    async def __call__(self) -> dict[str, Any]:
        await self.hung_up.wait()
        return {"type": "http.disconnect"}


async def test_the_result_comes_back_while_the_client_stays() -> None:
    async def work() -> str:
        return "done"

    assert await unless_disconnected(FakeReceive(), work()) == "done"


async def test_a_client_that_hangs_up_cancels_the_work() -> None:
    receive, started, cancelled = FakeReceive(), asyncio.Event(), asyncio.Event()

    async def work() -> str:
        started.set()
        try:
            await asyncio.Event().wait()  # forever, unless cancelled
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return "never"

    call = asyncio.create_task(unless_disconnected(receive, work()))
    await started.wait()
    receive.hung_up.set()

    with pytest.raises(ClientDisconnected):
        await call
    assert cancelled.is_set()


async def test_errors_of_the_work_reach_the_caller() -> None:
    async def work() -> str:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        await unless_disconnected(FakeReceive(), work())
