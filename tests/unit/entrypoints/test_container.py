"""The container as dependency-injector means it: settings choose, resources close, nothing is overridden."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from tests.support.fake_app import no_preparation, use_fakes

from application.ports.tracer import NoTracer
from entrypoints.api.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.observability.tracing import Tracing
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit

SRC = Path(__file__).resolve().parents[3] / "src"
REDIS_URL = "redis://127.0.0.1:1/0"  # building a client connects to nothing


class RecordingEngine:
    def __init__(self) -> None:
        self.disposed = 0

    async def dispose(self) -> None:
        self.disposed += 1


class RecordingRedis:
    def __init__(self) -> None:
        self.closed = 0

    async def aclose(self) -> None:
        self.closed += 1


def environ(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
        "INGESTA_OBJECT_STORE_URL": f"file://{tmp_path / 'objects'}",
        **extra,
    }


def overridden(container: Container) -> list[str]:
    # Dependency providers (settings, tracer) are filled by overriding: that is how they are given.
    return sorted(
        name
        for name, provider in container.providers.items()
        if provider.overridden and not isinstance(provider, providers.Dependency)
    )


def test_no_source_file_overrides_a_provider() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if re.search(r"\.override\(", path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


@pytest.mark.parametrize("extra", [{}, {"INGESTA_REDIS_URL": REDIS_URL}])
def test_production_wiring_overrides_nothing_with_or_without_redis(
    tmp_path: Path, extra: dict[str, str]
) -> None:
    settings = load_settings(environ(tmp_path, **extra))
    container = build_container(settings)
    create_app(settings, container, prepare=no_preparation, tracing=Tracing(plugins=(), tracer=object()))

    container.revocations(), container.rate_limiter(), container.readiness_probes()

    assert overridden(container) == []


def test_a_redis_url_adds_a_redis_probe_to_readiness(tmp_path: Path) -> None:
    without = build_container(load_settings(environ(tmp_path)))
    with_redis = build_container(load_settings(environ(tmp_path, INGESTA_REDIS_URL=REDIS_URL)))

    assert "redis" not in without.readiness_probes()
    assert {"database", "object_store", "redis"} <= set(with_redis.readiness_probes())


def test_the_tracer_is_given_to_build_container_and_otherwise_none(tmp_path: Path) -> None:
    tracer = NoTracer()
    settings = load_settings(environ(tmp_path))

    assert build_container(settings, tracer=tracer).tracer() is tracer
    assert isinstance(build_container(settings).tracer(), NoTracer)


def start_and_stop(
    tmp_path: Path, **extra: str
) -> tuple[Container, RecordingEngine, RecordingRedis, list[bool]]:
    settings = load_settings(environ(tmp_path, **extra))
    container = build_container(settings)
    use_fakes(container)
    engine, redis = RecordingEngine(), RecordingRedis()
    container.sql_engine.override(providers.Object(engine))
    container.redis.override(providers.Object(redis))
    open_while_serving: list[bool] = []
    with TestClient(create_app(settings, container, prepare=no_preparation)) as client:
        open_while_serving.append(container.sql_engine_lifetime.initialized)
        open_while_serving.append(container.redis_lifetime.initialized)
        assert client.get("/health").status_code == 200
        assert engine.disposed == 0 and redis.closed == 0
    return container, engine, redis, open_while_serving


def test_the_lifespan_opens_resources_and_closes_them_at_its_end(tmp_path: Path) -> None:
    container, engine, redis, open_while_serving = start_and_stop(tmp_path, INGESTA_REDIS_URL=REDIS_URL)

    assert open_while_serving == [True, True]
    assert engine.disposed == 1 and redis.closed == 1
    assert not container.sql_engine_lifetime.initialized and not container.redis_lifetime.initialized


def test_without_redis_only_the_engine_is_closed(tmp_path: Path) -> None:
    _, engine, redis, _ = start_and_stop(tmp_path)

    assert engine.disposed == 1 and redis.closed == 0


def test_a_failed_preparation_still_closes_the_resources(tmp_path: Path) -> None:
    settings = load_settings(environ(tmp_path))
    container = build_container(settings)
    engine = RecordingEngine()
    container.sql_engine.override(providers.Object(engine))

    async def refuse(_: Container) -> None:
        raise RuntimeError("not migrated")

    app = create_app(settings, container, prepare=refuse)
    with pytest.raises(BaseException) as raised, TestClient(app):
        pass

    assert "not migrated" in str(raised.value) or raised.group_contains(RuntimeError, match="not migrated")
    assert engine.disposed == 1


def test_middleware_guards_and_handlers_outside_uploads_do_without_the_container(tmp_path: Path) -> None:
    settings = load_settings(environ(tmp_path, INGESTA_LOGIN_RATE_LIMIT="100/minute"))
    container = build_container(settings)
    use_fakes(container)
    app = create_app(settings, container, prepare=no_preparation)
    app.state.container = None  # what is left reaching for it fails loudly

    with TestClient(app) as client:
        token = client.post("/auth/login").json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}

        assert client.get("/auth/me", headers=headers).status_code == 200
        assert client.get("/users", headers=headers).status_code == 403
        assert client.get("/ready").status_code == 200
        assert client.get("/health").status_code == 200
        assert client.get("/metrics", headers=headers).status_code == 403
        assert client.get("/").status_code == 200
