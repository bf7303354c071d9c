"""`ingesta validate FILE.csv [--schema S.json] [--json]`: the API's validations, offline, no login."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

import msgspec

from application.errors import InvalidInput
from application.use_cases.validate_csv import ValidateCsv
from domain.contracts.errors import InvalidContract
from domain.contracts.table_schema import TableSchema, parse_table_schema
from domain.uploads.content_sniffing import binary_content_reason, is_xlsx
from domain.validation.report import ValidationReport
from entrypoints.cli.cli_language import say, tr
from entrypoints.cli.dataset_contract import add_dataset_contract_options, fetch_contract
from entrypoints.cli.progress import ProgressBar, open_with_progress, wants_progress
from entrypoints.cli.report_table import render_report
from entrypoints.enrichment_factory import enrichment_factory
from entrypoints.settings import load_settings

PROGRESS_THRESHOLD_BYTES = 8 * 1024 * 1024
# Below this size the row engine validates: the same report, without Arrow's import cost.
COLUMNAR_FROM_BYTES = 1024 * 1024


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "validate",
        help=say("help.validate"),
        description=say("help.validate.description"),
        epilog=say("help.validate.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE.csv", help=say("help.validate.file"))
    parser.add_argument("--sheet", help=say("help.sheet"))
    parser.add_argument("--json", action="store_true", help=say("help.validate.json"))
    parser.add_argument(
        "--schema",
        metavar="SCHEMA.json",
        help=say("help.validate.schema"),
    )
    add_dataset_contract_options(parser)
    parser.set_defaults(handler=validate_command)


def validate_command(arguments: argparse.Namespace) -> int:
    path: str = arguments.file
    contract = None
    if arguments.schema is not None:
        contract = read_contract(arguments.schema)
        if contract is None:
            return 2
    if arguments.dataset is not None:
        fetched = fetch_contract(arguments)
        if isinstance(fetched, int):
            return fetched
        contract = fetched
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as head_of_file:
            head = head_of_file.read(8192)
        refusal = binary_content_reason(head)
        if refusal is not None:
            # The service answers 415 for these; say the same here instead of validating garbage.
            print(f"ingesta: {path}: {tr(refusal)}", file=sys.stderr)
            return 1
        if is_xlsx(head):
            report = validate_workbook(path, arguments.sheet, contract)
        else:
            report = validate_file(path, size, contract)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        print(
            f"ingesta: {say('cli.cannot_read', path=path, reason=error.strerror or str(error))}",
            file=sys.stderr,
        )
        return 2
    except InvalidInput as error:  # an unreadable workbook, or no such sheet
        print(f"ingesta: {path}: {tr(error.detail)}", file=sys.stderr)
        return 2
    if arguments.json:
        sys.stdout.write(msgspec.json.encode(report).decode() + "\n")
    else:
        print(render_report(report, show_loaded=False))
    return 1 if report.has_errors else 0


def read_contract(path: str) -> TableSchema | None:
    """The Table Schema in `path`, or None after saying on stderr why it cannot be used."""
    try:
        with open(path, "rb") as document:
            return parse_table_schema(document.read())
    except OSError as error:
        print(
            f"ingesta: {say('cli.cannot_read', path=path, reason=error.strerror or str(error))}",
            file=sys.stderr,
        )
    except InvalidContract as error:
        print(f"ingesta: {path}: {tr(error.detail)}", file=sys.stderr)
    return None


def validate_file(path: str, size: int, contract: TableSchema | None = None) -> ValidationReport:
    bar = ProgressBar(
        size,
        say("term.validating"),
        sys.stderr,
        enabled=wants_progress(sys.stderr, size, PROGRESS_THRESHOLD_BYTES),
    )
    with open_with_progress(path, bar.update) as source:
        report = _validator(size).report(source, contract)
    bar.finish()
    return report


def validate_workbook(path: str, sheet: str | None, contract: TableSchema | None = None) -> ValidationReport:
    """A workbook's sheet, written as the CSV text the service validates, then judged like any CSV."""
    from adapters.calamine_spreadsheet_reader import CalamineSpreadsheetReader

    with open(path, "rb") as source, tempfile.TemporaryFile() as text:
        CalamineSpreadsheetReader().write_csv(source, text, sheet)
        return _validator().report(text, contract)


def _validator(size: int | None = None) -> ValidateCsv:
    """The same row rules the service adds to every upload, fresh for each file, judged by the engine the
    service runs (INGESTA_VALIDATION_ENGINE).

    A small file takes the row engine whatever the setting: both engines give the same report (their
    parity test), and loading Arrow would cost a small file more than it saves."""
    from adapters.validation.factory import csv_validator_from_setting

    settings = load_settings()
    engine = settings.validation_engine
    if size is not None and size < COLUMNAR_FROM_BYTES:
        engine = "stdlib"
    return ValidateCsv(
        extra_rules=enrichment_factory(settings.ai_enrichment, settings.ai_near_duplicate_max_rows),
        validator=csv_validator_from_setting(engine),
    )
