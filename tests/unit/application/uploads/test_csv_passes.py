"""Pass 2 as the load consumes it: batches read ahead in a worker thread, and never left running."""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Iterator

import pytest
from tests.support.validators import VALIDATOR

from application.uploads import csv_passes
from application.uploads.csv_passes import typed_batches, validate
from domain.contracts.table_schema import parse_table_schema
from domain.uploads.upload import OnError
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.unit


class FakeReader:
    """Stands in for `iter_typed_rows`: records what was read, and can hold a batch until released."""

    def __init__(self, batches: int, *, hold: int | None = None, fail_at: int | None = None) -> None:
        self.batches, self.hold, self.fail_at = batches, hold, fail_at
        self.reading = {index: threading.Event() for index in range(batches + 1)}
        self.release = threading.Event()
        self.closed = False

    def __call__(self, *_: object, **__: object) -> Iterator[list[TypedRow]]:
        try:
            for index in range(self.batches):
                self.reading[index].set()
                if index == self.hold:
                    assert self.release.wait(5)
                if index == self.fail_at:
                    raise OSError("the spooled file went away")
                yield [TypedRow(index + 2, (index,))]
        finally:
            self.closed = True


async def validated_file() -> csv_passes.Validated:
    return await validate(io.BytesIO(b"n\n1\n2\n"), None, (), validator=VALIDATOR)


async def test_batches_come_in_file_order_from_the_real_reader() -> None:
    source = io.BytesIO(b"n\n" + b"".join(f"{i}\n".encode() for i in range(50)))
    validated = await validate(source, None, (), validator=VALIDATOR)
    batches = [batch async for batch in typed_batches(source, validated, OnError.ACCEPT, batch_size=7)]
    assert [row.values for batch in batches for row in batch] == [(i,) for i in range(50)]


async def test_the_next_batch_is_read_while_the_current_one_is_stored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reader = FakeReader(3)
    monkeypatch.setattr(csv_passes, "iter_typed_rows", reader)
    batches = typed_batches(io.BytesIO(), await validated_file(), OnError.ACCEPT)
    first = await anext(batches)
    assert first[0].values == (0,)
    assert await asyncio.to_thread(reader.reading[1].wait, 5)  # read ahead without being asked
    assert [batch[0].values async for batch in batches] == [(1,), (2,)]
    assert reader.closed


async def test_closing_early_waits_for_the_batch_in_hand_then_closes_the_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reader = FakeReader(5, hold=1)
    monkeypatch.setattr(csv_passes, "iter_typed_rows", reader)
    batches = typed_batches(io.BytesIO(), await validated_file(), OnError.ACCEPT)
    await anext(batches)
    assert await asyncio.to_thread(reader.reading[1].wait, 5)
    closing = asyncio.ensure_future(batches.aclose())  # type: ignore[attr-defined]
    await asyncio.sleep(0.05)
    assert not closing.done() and not reader.closed  # the thread still holds the reader
    reader.release.set()
    await closing
    assert reader.closed and not reader.reading[2].is_set()


async def test_a_cancelled_load_leaves_no_thread_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = FakeReader(5, hold=1)
    monkeypatch.setattr(csv_passes, "iter_typed_rows", reader)
    batches = typed_batches(io.BytesIO(), await validated_file(), OnError.ACCEPT)

    async def consume() -> None:
        async for _ in batches:
            pass

    task = asyncio.ensure_future(consume())
    assert await asyncio.to_thread(reader.reading[1].wait, 5)
    task.cancel()
    await asyncio.sleep(0.05)
    reader.release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    await batches.aclose()  # type: ignore[attr-defined]
    assert reader.closed and not reader.reading[2].is_set()


async def test_a_reader_failure_reaches_the_consumer_and_closes_the_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reader = FakeReader(5, fail_at=2)
    monkeypatch.setattr(csv_passes, "iter_typed_rows", reader)
    seen = []
    with pytest.raises(OSError, match="went away"):
        async for batch in typed_batches(io.BytesIO(), await validated_file(), OnError.ACCEPT):
            seen.append(batch[0].values)
    assert seen == [(0,), (1,)] and reader.closed


class GatedSource(io.BytesIO):
    """A file whose reads pause once `gate_at` bytes were read, until the test releases them."""

    def __init__(self, data: bytes, gate_at: int) -> None:
        super().__init__(data)
        self.gate_at = gate_at
        self.paused = threading.Event()
        self.release = threading.Event()

    def read(self, size: int | None = -1, /) -> bytes:
        if self.tell() >= self.gate_at and not self.release.is_set():
            self.paused.set()
            assert self.release.wait(10)
        return super().read(size)

    def read1(self, size: int = -1, /) -> bytes:
        return self.read(size)

    def readinto(self, buffer: object, /) -> int:  # type: ignore[override]
        data = self.read(len(buffer))  # type: ignore[arg-type]
        buffer[: len(data)] = data  # type: ignore[index]
        return len(data)


async def test_cancelling_validation_stops_its_worker_thread_within_a_few_batches() -> None:
    from concurrent.futures import ThreadPoolExecutor

    data = b"id,name\n" + b"".join(b"%d,name number %d\n" % (i, i) for i in range(400_000))
    batch_bytes = 4096 * 64  # one chunk of the reader: a batch's worth of characters
    source = GatedSource(data, gate_at=2 * batch_bytes)
    workers = ThreadPoolExecutor(1)
    asyncio.get_running_loop().set_default_executor(workers)

    task = asyncio.create_task(validate(source, None, (), validator=VALIDATOR))
    with ThreadPoolExecutor(1) as waiter:  # not the validation's executor: its one worker is busy
        assert await asyncio.get_running_loop().run_in_executor(waiter, source.paused.wait, 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    source.release.set()
    workers.shutdown(wait=True)  # returns once the worker thread has stopped

    read = source.tell()
    assert read <= source.gate_at + 3 * batch_bytes, f"read {read} of {len(data)} bytes after cancelling"


async def test_the_contract_given_to_pass_one_judges_pass_two_too() -> None:
    schema = parse_table_schema(b'{"fields": [{"name": "ok", "type": "boolean", "trueValues": ["s"]}]}')
    source = io.BytesIO(b"ok\ns\n0\nx\n")

    validated = await validate(source, None, (), contract=schema, validator=VALIDATOR)
    batches = [batch async for batch in typed_batches(source, validated, OnError.SKIP)]

    assert validated.report.rows.valid == 2
    assert [row.values for batch in batches for row in batch] == [(True,), (False,)]
