"""`ingesta worker`: run upload jobs from the queue; needs only the database, object store and broker."""

from __future__ import annotations

import argparse
import sys

from entrypoints.cli.cli_language import say

# The container, the database drivers and the broker client load only when a worker runs: `ingesta
# --help` must not pay for them.


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "worker",
        help=say("help.worker"),
        description=say("help.worker.description"),
        epilog=say("help.worker.epilog"),
    )
    parser.add_argument("--concurrency", type=int, help=say("help.worker.concurrency"))
    parser.add_argument(
        "--metrics-port",
        type=int,
        help=say("help.worker.metrics_port"),
    )
    parser.set_defaults(handler=worker)


def worker(arguments: argparse.Namespace) -> int:
    import asyncio

    import msgspec

    from application.errors import DatabaseUnavailable
    from entrypoints.observability.log_format import configure_logging, log_format_for
    from entrypoints.settings import load_settings
    from entrypoints.startup import DatabaseNotReady

    settings = load_settings()
    if settings.job_queue_url is None:
        print(f"ingesta: {say('cli.worker_needs_queue')}", file=sys.stderr)
        return 2
    configure_logging(log_format_for(settings.env, settings.log_format))
    if arguments.metrics_port:
        from prometheus_client import start_http_server

        start_http_server(arguments.metrics_port, addr="127.0.0.1")
    concurrency = max(1, arguments.concurrency or settings.job_concurrency)
    # The broker's prefetch follows it: a worker holds no more jobs than it runs, so others get the rest.
    settings = msgspec.structs.replace(settings, job_concurrency=concurrency)
    try:
        asyncio.run(_run(settings, concurrency))
    except (DatabaseNotReady, DatabaseUnavailable) as error:
        print(f"ingesta: {say('cli.serve_cannot_start', reason=str(error))}", file=sys.stderr)
        return 2
    return 0


async def _run(settings, concurrency: int) -> None:  # type: ignore[no-untyped-def]
    import asyncio
    import os
    import signal

    from entrypoints.container import build_container
    from entrypoints.observability.tracing import tracing_from_environment
    from entrypoints.startup import prepare_database
    from entrypoints.worker.runtime import run_worker
    from entrypoints.worker.warm_up import warm_up

    # With OTEL_* set, each job's spans continue the trace of the request that queued it.
    tracing = tracing_from_environment(os.environ, http=False)
    container = build_container(settings, tracer=tracing.tracer)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    opened = container.init_resources()
    if opened is not None:
        await opened
    try:
        await prepare_database(container)
        warm_up(container)
        print(f"ingesta: {say('cli.worker_taking', count=concurrency)}", flush=True)
        await run_worker(container, stop, concurrency=concurrency)
    finally:
        await container.job_queue().close()
        closed = container.shutdown_resources()
        if closed is not None:
            await closed
        tracing.shutdown()  # exports the spans still batched
