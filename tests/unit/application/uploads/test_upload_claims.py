"""UploadClaims: identical uploads take turns, different ones do not, and shutdown can wait for them."""

from __future__ import annotations

import asyncio

import pytest

from application.uploads.upload_claims import UploadClaims

pytestmark = pytest.mark.unit


async def test_a_second_claim_on_the_same_content_waits_for_the_first() -> None:
    claims = UploadClaims()
    order: list[str] = []

    async def upload(name: str, dataset: str) -> None:
        async with claims.claim(dataset, "a" * 64):
            order.append(f"{name} in")
            await asyncio.sleep(0)
            order.append(f"{name} out")

    await asyncio.gather(upload("first", "sales"), upload("second", "sales"), upload("other", "costs"))

    assert order.index("first out") < order.index("second in")
    assert order.index("other in") < order.index("first out")


async def test_waiting_until_idle_returns_only_after_the_last_claim_is_released() -> None:
    claims = UploadClaims()
    await asyncio.wait_for(claims.wait_until_idle(), 1)
    release = asyncio.Event()

    async def holder() -> None:
        async with claims.claim("sales", "a" * 64):
            await release.wait()

    task = asyncio.create_task(holder())
    await asyncio.sleep(0)
    waiter = asyncio.create_task(claims.wait_until_idle())
    await asyncio.sleep(0)
    assert not waiter.done()

    release.set()
    await asyncio.wait_for(waiter, 1)
    await task
