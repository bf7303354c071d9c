"""`ingesta serve`: prepare the database once, then run the API in one or more worker processes."""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import sys
from typing import TYPE_CHECKING

from entrypoints.cli.cli_language import say

if TYPE_CHECKING:
    from entrypoints.settings import Settings

# Everything below `serve()` is imported when serving only: the web stack, the container and the
# database drivers are seconds of imports that `ingesta --help` must not pay for.


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "serve",
        help=say("help.serve"),
        description=say("help.serve.description"),
        epilog=say("help.serve.epilog"),
    )
    parser.add_argument("--host", help=say("help.serve.host"))
    parser.add_argument("--port", type=int, help=say("help.serve.port"))
    parser.add_argument("--workers", type=int, default=1, help=say("help.serve.workers"))
    parser.set_defaults(handler=serve)


def serve(arguments: argparse.Namespace) -> int:
    import uvicorn

    from application.errors import DatabaseUnavailable
    from entrypoints.observability.log_format import configure_logging, log_format_for
    from entrypoints.observability.worker_metrics import shared_metrics_directory
    from entrypoints.settings import load_settings
    from entrypoints.startup import DEMO_USERNAME, DatabaseNotReady

    settings = load_settings()
    if settings.jwt_secret_generated:
        # Every worker must sign and verify with the same key, so the generated one is handed down.
        os.environ["INGESTA_JWT_SECRET"] = settings.jwt_secret
        print(f"ingesta: {say('cli.serve_dev_secret')}")
    try:
        demo_password = asyncio.run(_prepare(settings))
    except (DatabaseNotReady, DatabaseUnavailable) as error:
        print(f"ingesta: {say('cli.serve_cannot_start', reason=str(error))}", file=sys.stderr)
        return 2
    host = arguments.host or settings.host
    port = arguments.port or settings.port
    if demo_password:
        print(f"ingesta: {say('cli.serve_demo', name=DEMO_USERNAME, password=demo_password)}")
    print(f"ingesta: {say('cli.serve_on', url=f'http://{host}:{port}')}", flush=True)
    configure_logging(log_format_for(settings.env, settings.log_format))
    workers = max(1, arguments.workers)
    with shared_metrics_directory(workers):
        uvicorn.run(
            "entrypoints.api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=False,
            log_level="info",
            # Our root handler formats uvicorn's lines too; the app logs each request with its id.
            log_config=None,
            access_log=False,
            # In-flight requests get this long after SIGTERM, then are cancelled (uploads recorded failed).
            timeout_graceful_shutdown=math.ceil(settings.shutdown_grace_seconds),
        )
    return 0


async def _prepare(settings: Settings) -> str | None:
    from entrypoints.container import build_container
    from entrypoints.startup import (
        create_demo_user_once,
        fail_interrupted_uploads,
        prepare_database,
        reap_upload_jobs,
    )

    container = build_container(settings)
    try:
        await prepare_database(container)
        await fail_interrupted_uploads(container)
        await reap_upload_jobs(container)
        return await create_demo_user_once(container)
    finally:
        await container.sql_engine().dispose()
