"""OpenTelemetry traces: asked for by OTEL_* variables, spans for requests and the upload's steps."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import pytest
from litestar.testing import TestClient
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from tests.support.fake_app import no_preparation, use_fakes

from application.ports.tracer import NoTracer
from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import build_container
from entrypoints.observability.tracing import tracing_from_environment, tracing_requested, tracing_with
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize(
    ("environ", "wanted"),
    [
        ({}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, True),
        ({"OTEL_TRACES_EXPORTER": "console"}, True),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, False),
        ({"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"}, False),
    ],
)
def test_traces_are_on_only_when_otel_variables_ask(environ: dict[str, str], wanted: bool) -> None:
    assert tracing_requested(environ) is wanted


def test_without_opentelemetry_installed_one_warning_and_no_traces(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "opentelemetry.sdk.trace", None)  # what an absent package looks like

    with caplog.at_level(logging.WARNING, logger="ingesta.tracing"):
        tracing = tracing_from_environment({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"})

    assert tracing.plugins == () and isinstance(tracing.tracer, NoTracer)
    warnings = [r for r in caplog.records if r.name == "ingesta.tracing"]
    assert len(warnings) == 1 and "ingesta[otel]" in warnings[0].getMessage()


def test_an_upload_request_is_traced_with_spans_for_put_validate_and_load(tmp_path: Path) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{tmp_path / 'objects'}",
        }
    )
    tracing = tracing_with(provider)
    container = build_container(settings, tracer=tracing.tracer)
    use_fakes(container)

    app = create_app(settings, container, prepare=no_preparation, tracing=tracing)
    with TestClient(app) as client:
        asyncio.run(container.create_user()(username="ana", password=PASSWORD, role=Role.UPLOADER))
        token = client.post("/auth/login", json={"username": "ana", "password": PASSWORD}).json()
        exporter.clear()
        response = client.post(
            "/uploads",
            headers={"Authorization": f"Bearer {token['access_token']}", "X-Request-ID": "trace-me-1"},
            files={"file": ("sales.csv", b"id,name\n1,Ana\n", "text/csv")},
            data={"dataset": "sales"},
        )
    assert response.status_code == 201, response.text

    spans = {span.name: span for span in exporter.get_finished_spans()}
    steps = ("ingesta.object_store.put", "ingesta.upload.validate", "ingesta.database.load")
    assert set(steps) <= set(spans)
    request_span = next(s for s in spans.values() if s.parent is None)
    assert "/uploads" in request_span.name
    assert request_span.attributes is not None
    assert request_span.attributes["ingesta.request_id"] == "trace-me-1"
    for step in steps:
        assert spans[step].context.trace_id == request_span.context.trace_id


def test_a_queued_uploads_worker_spans_continue_the_requests_trace(tmp_path: Path) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{tmp_path / 'objects'}",
        }
    )
    tracing = tracing_with(provider)
    container = build_container(settings, tracer=tracing.tracer)
    use_fakes(container)

    app = create_app(settings, container, prepare=no_preparation, tracing=tracing)
    with TestClient(app) as client:
        asyncio.run(container.create_user()(username="ana", password=PASSWORD, role=Role.UPLOADER))
        token = client.post("/auth/login", json={"username": "ana", "password": PASSWORD}).json()
        auth = {"Authorization": f"Bearer {token['access_token']}"}
        exporter.clear()
        response = client.post(
            "/uploads",
            headers={**auth, "Prefer": "respond-async"},
            files={"file": ("sales.csv", b"id,name\n1,Ana\n2,Luis\n", "text/csv")},
            data={"dataset": "sales"},
        )
        assert response.status_code == 202, response.text
        # The embedded worker takes it from the in-process queue; the events stream ends when it is final.
        events = client.get(f"/uploads/{response.json()['id']}/events", headers=auth, timeout=30)
        assert "loaded" in events.text

    spans = exporter.get_finished_spans()
    request = next(s for s in spans if s.parent is None and "POST /uploads" in s.name)
    worker = {
        s.name: s for s in spans if s.name.startswith("ingesta.") and s.name != "ingesta.object_store.put"
    }
    steps = (
        "ingesta.upload.job",
        "ingesta.database.claim",
        "ingesta.object_store.get",
        "ingesta.upload.validate",
        "ingesta.database.load",
    )
    assert set(steps) <= set(worker)
    for step in steps:
        assert worker[step].context.trace_id == request.context.trace_id, step
