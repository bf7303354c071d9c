"""`ingesta load FILE... --dataset NAME`: the upload use case with no server, for pipelines and cron jobs."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from domain.errors import DomainValidationError
from domain.uploads.dataset_name import parse_dataset_name
from domain.uploads.upload import LoadMode, OnError
from entrypoints.cli.cli_language import tr
from entrypoints.cli.load_output import EXIT_UNREADABLE
from entrypoints.cli.upload_command import add_load_options

if TYPE_CHECKING:
    from entrypoints.cli.load_run import LoadRequest

EPILOG = """Each file is its own upload, recorded exactly as POST /uploads records it: archived in
INGESTA_OBJECT_STORE_URL, validated, loaded in one transaction into INGESTA_DATABASE_URL. An s3:// object
already inside the archive (its bucket, under its prefix) is recorded by its key, not copied; any other
object is archived like a local file. A file whose exact content is already loaded into the dataset is
skipped, so rerunning the same glob is safe. The embedded SQLite database and an empty database are
migrated first; any other database must be at this version (`ingesta db upgrade`).

exit status: 0 loaded (or already loaded), 1 rejected, 2 unreadable input (missing, not CSV, unknown
--as account, a --schema Ingesta cannot use or the table cannot hold), 3 a dependency unavailable
(database, object store, database not migrated).
Files load one after another; the run stops at the first that does not load, unless --keep-going.

examples:
  ingesta load sales.csv --dataset sales
  ingesta load exports/2026-12-*.csv --dataset sales --on-error skip --keep-going
  ingesta load 's3://bucket/incoming/2026-12-*.csv' --dataset sales --json > uploads.json
  ingesta load sales.csv --dataset sales --as etl     # owned by the account etl, not 'system'
  ingesta load daily.csv --dataset sales --schema sales.json --mode upsert
"""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "load",
        help="archive, validate and load CSV files directly, with no server (pipelines, cron)",
        description="Load CSV files (local paths, s3:// objects, globs of either) into a dataset through "
        "the same upload as the service, with no server, login or token.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE.csv", help="local paths or s3://BUCKET/KEY, globs allowed"
    )
    add_load_options(parser)
    parser.add_argument(
        "--schema",
        metavar="SCHEMA.json",
        help="a Table Schema made the dataset's contract before the first file (if it differs)",
    )
    parser.add_argument(
        "--as", dest="operator", metavar="NAME", help="the account that owns the uploads (default: system)"
    )
    parser.add_argument("--keep-going", action="store_true", help="load every file even after one fails")
    parser.add_argument("--json", action="store_true", help="print one JSON list of uploads, for machines")
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
