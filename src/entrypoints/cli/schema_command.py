"""`ingesta schema infer FILE.csv [--suggest-constraints]`: the Table Schema a file implies, to start from."""

from __future__ import annotations

import argparse
import json
import sys

from adapters.validation.csv_files import open_records, validate_csv
from domain.contracts.inference import ColumnStats, infer_schema, observe
from domain.contracts.table_schema import TableSchema, to_document
from domain.validation.engine import BATCH_SIZE, ValidationOptions
from domain.validation.records import ParseFailure
from entrypoints.cli.cli_language import say


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    schema = commands.add_parser("schema", help=say("help.schema"))
    actions = schema.add_subparsers(dest="schema_command", required=True, metavar="ACTION")
    parser = actions.add_parser(
        "infer",
        help=say("help.schema.infer"),
        description=say("help.schema.infer.description"),
        epilog=say("help.schema.infer.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE.csv", help=say("help.schema.infer.file"))
    parser.add_argument(
        "--suggest-constraints",
        action="store_true",
        help=say("help.schema.infer.suggest"),
    )
    parser.add_argument("--locale", help=say("help.schema.infer.locale"))
    parser.set_defaults(handler=infer_command)


def infer_command(arguments: argparse.Namespace) -> int:
    path: str = arguments.file
    try:
        schema = infer_file(path, suggest=arguments.suggest_constraints, locale=arguments.locale)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        print(
            f"ingesta: {say('cli.cannot_read', path=path, reason=error.strerror or str(error))}",
            file=sys.stderr,
        )
        return 2
    if schema is None:
        print(f"ingesta: {path}: {say('cli.no_header')}", file=sys.stderr)
        return 2
    print(json.dumps(to_document(schema), indent=2, ensure_ascii=False))
    return 0


def infer_file(path: str, *, suggest: bool, locale: str | None = None) -> TableSchema | None:
    with open(path, "rb") as source:
        report = validate_csv(source, options=ValidationOptions(locale=locale))
        if not report.columns or report.encoding is None or report.delimiter is None:
            return None
        stats = [ColumnStats() for _ in report.columns]
        _, numbered = open_records(source, report.encoding, report.delimiter, BATCH_SIZE)
        for _, batch in numbered:
            observe(stats, [record for record in batch if not isinstance(record, ParseFailure)])
    return infer_schema(report, stats, suggest=suggest)
