"""`ingesta load FILE... --dataset NAME`: the upload use case with no server, for pipelines and cron jobs."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from domain.errors import DomainValidationError
from domain.uploads.dataset_name import parse_dataset_name
from domain.uploads.upload import LoadMode, OnError
from entrypoints.cli.cli_language import say, tr
from entrypoints.cli.load_output import EXIT_UNREADABLE
from entrypoints.cli.upload_command import add_load_options

if TYPE_CHECKING:
    from entrypoints.cli.load_run import LoadRequest


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "load",
        help=say("help.load"),
        description=say("help.load.description"),
        epilog=say("help.load.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE.csv", help=say("help.load.files"))
    parser.add_argument("--sheet", help=say("help.sheet"))
    add_load_options(parser)
    parser.add_argument(
        "--schema",
        metavar="SCHEMA.json",
        help=say("help.load.schema"),
    )
    parser.add_argument("--as", dest="operator", metavar="NAME", help=say("help.load.as"))
    parser.add_argument("--keep-going", action="store_true", help=say("help.load.keep_going"))
    parser.add_argument("--json", action="store_true", help=say("help.load.json"))
    parser.set_defaults(handler=load_command)


def load_command(arguments: argparse.Namespace) -> int:
    # The upload use case, SQLAlchemy and boto3 load only when this command runs (see entrypoints.cli.main).
    from entrypoints.cli.load_run import LoadRequest

    try:
        dataset = parse_dataset_name(arguments.dataset)
    except DomainValidationError as error:
        return _usage_error(str(error))
    request = LoadRequest(
        arguments=arguments.files,
        dataset=dataset,
        on_error=OnError(arguments.on_error),
        mode=LoadMode(arguments.mode),
        schema=arguments.schema,
        operator=arguments.operator,
        keep_going=arguments.keep_going,
        as_json=arguments.json,
        sheet=arguments.sheet,
    )
    return asyncio.run(_run(request))


async def _run(request: LoadRequest) -> int:
    from entrypoints.cli.load_run import run_load
    from entrypoints.container import build_container
    from entrypoints.settings import load_settings

    container = build_container(load_settings())
    try:
        return await run_load(container, request)
    finally:
        await container.sql_engine().dispose()


def _usage_error(message: str) -> int:
    print(f"ingesta: {tr(message)}", file=sys.stderr)
    return EXIT_UNREADABLE
