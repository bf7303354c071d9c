"""JobQueue on RabbitMQ through taskiq (taskiq-aio-pika): for API and worker processes on many machines.

Why taskiq on RabbitMQ: asyncio from end to end (our use cases are async), acknowledgement after the
task returned (`AcknowledgeType.WHEN_EXECUTED`: the upload's outcome is committed by then), retries with
exponential backoff and jitter (`SmartRetryMiddleware`, through a delay queue), a lease that needs no
clock (an unacknowledged message goes back to the queue when its worker's connection dies, and
RabbitMQ's `consumer_timeout` bounds a hung one), and a dead-letter queue: a quorum queue with
`x-delivery-limit` moves a message that keeps killing its workers to `<queue>.dead`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from taskiq import AcknowledgeType, SmartRetryMiddleware
from taskiq.receiver import Receiver
from taskiq_aio_pika import AioPikaBroker, Exchange, Queue
from taskiq_aio_pika.queue import QueueType

from application.errors import JobQueueUnavailable
from application.ports.job_queue import JobHandler, UploadJob

logger = logging.getLogger("ingesta.jobs")

TASK_NAME = "ingesta.process_upload"


class TaskiqJobQueue:
    def __init__(
        self,
        url: str,
        *,
        queue: str = "ingesta.uploads",
        prefetch: int = 2,
        retries: int = 3,
        backoff_seconds: float = 2.0,
        delivery_limit: int = 5,
    ) -> None:
        self._broker = AioPikaBroker(
            url,
            qos=prefetch,
            exchange=Exchange(name="ingesta"),
            task_queues=[Queue(name=queue, arguments={"x-delivery-limit": delivery_limit})],
            dead_letter_queue=Queue(name=f"{queue}.dead"),
            # Classic: a quorum queue would dead-letter expired messages only once they reach its head.
            delay_queue=Queue(name=f"{queue}.delay", type=QueueType.CLASSIC),
        ).with_middlewares(
            SmartRetryMiddleware(
                default_retry_count=retries,
                default_retry_label=True,
                default_delay=backoff_seconds,
                use_jitter=True,
                use_delay_exponent=True,
                max_delay_exponent=60,
            )
        )

        async def process_upload(
            upload_id: str,
            language: str = "en",
            sheet: str | None = None,
            trace: dict[str, str] | None = None,
        ) -> None:
            job = UploadJob(upload_id=upload_id, language=language, sheet=sheet, trace=trace or {})
            await self._run(job)

        self._task = self._broker.register_task(process_upload, task_name=TASK_NAME)
        self._handler: JobHandler | None = None
        self._started = False
        self._starting = asyncio.Lock()

    async def enqueue(self, job: UploadJob) -> None:
        try:
            await self._start()
            # The trace context rides in the message body: the worker continues the request's trace.
            await self._task.kiq(
                upload_id=job.upload_id, language=job.language, sheet=job.sheet, trace=job.trace
            )
        except JobQueueUnavailable:
            raise
        except Exception as error:
            raise JobQueueUnavailable(f"the job queue (RabbitMQ) did not take the job: {error}") from None

    async def work(self, handler: JobHandler, *, concurrency: int, stop: asyncio.Event) -> None:
        self._handler = handler
        if self._started and self._broker.read_channel is None:
            await self.close()  # started to enqueue only: start again with a consumer connection
        self._broker.is_worker_process = True
        await self._start()
        receiver = Receiver(
            self._broker,
            max_async_tasks=concurrency,
            run_startup=False,
            ack_type=AcknowledgeType.WHEN_EXECUTED,
            propagate_exceptions=False,
        )
        await receiver.listen(stop)

    async def _run(self, job: UploadJob) -> None:
        if self._handler is None:
            raise RuntimeError("no handler: this process only enqueues")
        await self._handler(job)

    async def _start(self) -> None:
        async with self._starting:
            if self._started:
                return
            try:
                await self._broker.startup()
            except Exception as error:
                with contextlib.suppress(Exception):
                    await self._broker.shutdown()
                raise JobQueueUnavailable(f"the job queue (RabbitMQ) is unavailable: {error}") from None
            self._started = True

    async def close(self) -> None:
        if self._started:
            self._started = False
            with contextlib.suppress(Exception):
                await self._broker.shutdown()

    @property
    def broker(self) -> Any:
        return self._broker
