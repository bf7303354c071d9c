"""A job's spans continue the trace of the request that queued it, carried in the job message."""

from __future__ import annotations

import msgspec
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from tests.support.job_world import World

from adapters.observability.opentelemetry_tracer import OpenTelemetryTracer
from application.ports.job_queue import UploadJob
from application.ports.tracer import NoTracer
from domain.uploads.upload import UploadStatus

pytestmark = pytest.mark.unit

WORKER_STEPS = (
    "ingesta.upload.job",
    "ingesta.database.claim",
    "ingesta.object_store.get",
    "ingesta.upload.validate",
    "ingesta.database.load",
)


async def test_the_workers_spans_share_the_trace_id_of_the_request_that_queued_the_job() -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    world = World(tracer=OpenTelemetryTracer(provider.get_tracer("ingesta")))
    with provider.get_tracer("http").start_as_current_span("POST /uploads") as request:
        upload_id = await world.accepted()
    trace_id = request.get_span_context().trace_id
    # What a broker carries: the message as bytes, read back in another process with no span current.
    (sent,) = world.queue.jobs
    received = msgspec.json.decode(msgspec.json.encode(sent), type=UploadJob)
    assert received.trace["traceparent"].split("-")[1] == f"{trace_id:032x}"

    await world.worker()(received)

    assert world.uploads.records[upload_id].status is UploadStatus.LOADED
    spans = {span.name: span for span in exporter.get_finished_spans()}
    assert set(WORKER_STEPS) <= set(spans)
    for name in WORKER_STEPS:
        assert spans[name].context.trace_id == trace_id, name
    job = spans["ingesta.upload.job"]
    assert job.kind is SpanKind.CONSUMER and job.parent is not None
    assert job.parent.span_id == request.get_span_context().span_id
    assert spans["ingesta.upload.validate"].parent.span_id == job.context.span_id  # type: ignore[union-attr]


async def test_without_tracing_the_job_carries_no_trace_and_runs_as_before() -> None:
    world = World(tracer=NoTracer())
    upload_id = await world.accepted()

    assert world.queue.jobs[0].trace == {}
    await world.queue.run_all(world.worker())
    assert world.uploads.records[upload_id].status is UploadStatus.LOADED
