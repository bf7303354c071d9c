"""Where accepted uploads wait for a worker: in this process, or on a broker shared by many."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Protocol

import msgspec


class UploadJob(msgspec.Struct, frozen=True, kw_only=True):
    """What a worker needs beyond the upload's record: the language of its insights, a workbook's sheet."""

    upload_id: str
    language: str = "en"
    sheet: str | None = None
    # The trace of the request that queued it (W3C `traceparent`, ...; `Tracer.carrier`): the worker's
    # spans continue it. Empty when tracing is off.
    trace: dict[str, str] = {}


JobHandler = Callable[[UploadJob], Awaitable[None]]


class JobQueue(Protocol):
    """At-least-once delivery: a job may reach a handler twice, so handlers make a second run harmless.

    A job is acknowledged only once its handler returned (its outcome committed); a handler that raises
    has its job retried with a growing delay, and a job whose worker died is delivered to another.
    Adapters translate their library's failures into `ServiceUnavailable`.
    """

    async def enqueue(self, job: UploadJob) -> None: ...

    async def work(self, handler: JobHandler, *, concurrency: int, stop: asyncio.Event) -> None:
        """Run `handler` on jobs, at most `concurrency` at a time, until `stop` is set."""
        ...

    async def close(self) -> None: ...
