"""The read position of pass 1 and the task that reports it: it only goes forward and ends with its block."""

from __future__ import annotations

import asyncio
import io

import pytest

from application.uploads import read_position
from application.uploads.read_position import ReadPosition, sampled

pytestmark = pytest.mark.unit


def test_a_second_pass_from_the_start_never_moves_the_position_back() -> None:
    source = io.BytesIO(b"x" * 100)
    position = ReadPosition(source, 100)
    source.seek(80)
    position.mark()
    source.seek(10)
    position.mark()

    assert position.share == 0.8


async def test_nothing_is_reported_once_the_block_ended_or_was_cancelled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(read_position, "SAMPLE_EVERY_SECONDS", 0.001)
    source = io.BytesIO(b"x" * 100)
    position = ReadPosition(source, 100)
    shares: list[float] = []
    reported = asyncio.Event()

    async def report(share: float) -> None:
        shares.append(share)
        reported.set()

    async def validating() -> None:
        async with sampled(position, report):
            source.seek(50)
            position.mark()
            await asyncio.Event().wait()  # until cancelled, as a job's cancel stops validation

    task = asyncio.create_task(validating())
    await reported.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    source.seek(100)
    position.mark()
    await asyncio.sleep(0.02)

    assert shares == [0.5]
