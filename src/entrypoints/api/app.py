"""create_app(): the only place the Litestar application is built, in small named steps."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.config.response_cache import ResponseCacheConfig
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme

from entrypoints.api.api_docs import docs_assets_router, docs_render_plugins
from entrypoints.api.auth_controller import AuthController
from entrypoints.api.authentication import authentication_middleware
from entrypoints.api.body_deadline import BodyDeadline
from entrypoints.api.column_mapping_controller import ColumnMappingController
from entrypoints.api.correction_controller import CorrectionController
from entrypoints.api.dataset_controller import DatasetController
from entrypoints.api.dependencies import dependencies
from entrypoints.api.direct_upload_controller import complete_upload, presign_upload
from entrypoints.api.health_controller import HealthController
from entrypoints.api.invalid_rows_controller import InvalidRowsController
from entrypoints.api.openapi_amendments import amend_openapi_of
from entrypoints.api.problems import EXCEPTION_HANDLERS
from entrypoints.api.streamed_form import MULTIPART_OVERHEAD_BYTES
from entrypoints.api.upload_cancel_controller import cancel_upload
from entrypoints.api.upload_controller import UploadController
from entrypoints.api.upload_events_controller import upload_events
from entrypoints.api.users_controller import UsersController
from entrypoints.container import Container, build_container
from entrypoints.observability.dependency_errors import count_dependency_error
from entrypoints.observability.http_observer import observe_requests
from entrypoints.observability.metrics_controller import metrics
from entrypoints.observability.setup import set_up_observability
from entrypoints.observability.tracing import Tracing
from entrypoints.settings import Settings, load_settings
from entrypoints.startup import prepare_database
from entrypoints.web import template_config as web_template_config
from entrypoints.web import web_route_handlers
from entrypoints.worker.runtime import EmbeddedWorker

__version__ = "0.1.0"


PrepareDatabase = Callable[[Container], Awaitable[None]]


def create_app(
    settings: Settings | None = None,
    container: Container | None = None,
    *,
    prepare: PrepareDatabase = prepare_database,
    tracing: Tracing | None = None,
) -> Litestar:
    """Build the app; tests pass a container whose providers they have overridden with fakes.

    `prepare` runs before serving (migrating the embedded database); tests over fakes pass one that
    does nothing, since migrating a database they never use is most of their cost. A container passed
    in brings its own tracer (`build_container(tracer=tracing.tracer)`); `tracing` adds the plugins.
    """
    settings = settings or load_settings()
    tracing = set_up_observability(settings, tracing)
    container = container or build_container(settings, tracer=tracing.tracer)
    app = Litestar(
        route_handlers=route_handlers(),
        dependencies=dependencies(container),
        middleware=[authentication_middleware(container.authenticate_token)],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=openapi_config(),
        lifespan=[lifespan(container, prepare)],
        state=app_state(settings, container),
        # Room for the multipart envelope around a file of the maximum size; the file itself is checked too.
        # The upload routes bound their bodies themselves (`streamed_form`), to record what they refuse.
        request_max_body_size=settings.max_upload_bytes + MULTIPART_OVERHEAD_BYTES,
        response_cache_config=ResponseCacheConfig(),
        template_config=web_template_config(),
        debug=False,
        plugins=list(tracing.plugins),
        after_exception=[count_dependency_error],
        on_shutdown=[tracing.shutdown],
        # Our handler on the root logger (entrypoints.observability) formats every line, Litestar's too.
        logging_config=None,
    )
    amend_openapi_of(app)
    app.asgi_handler = BodyDeadline(
        app.asgi_handler,
        idle_seconds=settings.body_timeout_seconds,
        min_bytes_per_second=settings.min_upload_bytes_per_second,
    )
    return observe_requests(app)


def app_state(settings: Settings, container: Container) -> State:
    """What guards and error handlers read, since they run outside dependency injection.

    The settings, and the provider of AuthenticateToken (asked per request). The container itself
    stays for the upload handlers' size and concurrency limits until the upload policy owns them.
    """
    return State({"settings": settings, "authenticate": container.authenticate_token, "container": container})


def route_handlers() -> list[Any]:
    return [
        AuthController,
        HealthController,
        UploadController,
        upload_events,
        cancel_upload,
        presign_upload,
        complete_upload,
        InvalidRowsController,
        CorrectionController,
        DatasetController,
        ColumnMappingController,
        UsersController,
        metrics,
        docs_assets_router(),
        *web_route_handlers(),
    ]


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Ingesta",
        version=__version__,
        description="Log in, upload CSV files, and get them archived, validated and loaded into SQL.",
        path="/schema",
        # Lets the interactive docs send "Authorization: Bearer <token>" to protected routes.
        components=Components(
            security_schemes={
                "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
            }
        ),
        security=[{"BearerToken": []}],
        render_plugins=docs_render_plugins(),
    )


async def _let_uploads_record_their_outcome(container: Container) -> None:
    # Uploads cancelled at the end of the shutdown grace record themselves failed before the engine
    # closes; a database that does not answer in time leaves them to FailInterruptedUploads.
    settings = container.settings()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(
            container.upload_claims().wait_until_idle(), settings.db_statement_timeout_seconds
        )


def lifespan(
    container: Container, prepare: PrepareDatabase = prepare_database
) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    """Open the container's resources, prepare the database, serve; then close them, even on failure."""

    @asynccontextmanager
    async def manage(_: Litestar) -> AsyncIterator[None]:
        await _awaited(container.init_resources())
        worker = None
        try:
            await prepare(container)
            if container.settings().embedded_worker:
                worker = EmbeddedWorker(container)
            yield
        finally:
            try:
                if worker is not None:
                    await worker.close(container.settings().shutdown_grace_seconds)
                await _let_uploads_record_their_outcome(container)
            finally:
                await _awaited(container.shutdown_resources())

    return manage


async def _awaited(result: Awaitable[object] | None) -> None:
    # dependency-injector returns an awaitable only when some resource is asynchronous (ours all are,
    # but a test may override them with plain objects).
    if result is not None:
        await result
