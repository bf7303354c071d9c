"""The engine's passes over binary files, with the process-wide switches set around the reading.

These are what entrypoints, tools and tests call with an open file; the domain's engine itself reads a
`TextSource` and flips nothing global.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

from adapters.validation.process_switches import field_limit, reading, switched_per_item
from application.uploads.binary_text_source import BinaryTextSource
from domain.contracts.table_schema import TableSchema
from domain.uploads.upload import OnError
from domain.validation import engine, row_findings
from domain.validation import reading as records
from domain.validation.contract_checks import ContractChecks
from domain.validation.engine import DEFAULT_FIELD_CHARS, ValidationOptions
from domain.validation.load_plan import LoadPlan
from domain.validation.reading import Numbered, RowsChecked, StopCheck, never, unobserved
from domain.validation.report import Column, ValidationReport
from domain.validation.row_findings import InvalidRow
from domain.validation.row_rule import RowRule
from domain.validation.typed_row import TypedRow


def validate_csv(
    source: BinaryIO,
    *,
    established: Sequence[Column] | None = None,
    contract: TableSchema | None = None,
    options: ValidationOptions = ValidationOptions(),  # noqa: B008 - immutable
    extra_rules: Sequence[RowRule] = (),
) -> ValidationReport:
    """Pass 1 over `source` from position 0: the report of every rule, passed or failed."""
    return validate_csv_for_load(
        source, established=established, contract=contract, options=options, extra_rules=extra_rules
    )[0]


def validate_csv_for_load(
    source: BinaryIO,
    *,
    established: Sequence[Column] | None = None,
    contract: TableSchema | None = None,
    options: ValidationOptions = ValidationOptions(),  # noqa: B008 - immutable
    extra_rules: Sequence[RowRule] = (),
    stop: StopCheck = never,
    checked: RowsChecked = unobserved,
) -> tuple[ValidationReport, LoadPlan]:
    """`validate_csv` and the `LoadPlan` pass 2 needs (see `domain.validation.engine`)."""
    with reading(options.max_field_chars):
        return engine.validate_csv_for_load(
            BinaryTextSource(source),
            established=established,
            contract=contract,
            options=options,
            extra_rules=extra_rules,
            stop=stop,
            checked=checked,
        )


def iter_typed_rows(
    source: BinaryIO,
    report: ValidationReport,
    *,
    on_error: OnError,
    batch_size: int = 5000,
    max_field_chars: int = DEFAULT_FIELD_CHARS,
    plan: LoadPlan | None = None,
    contract: TableSchema | None = None,
) -> Iterator[list[TypedRow]]:
    """Pass 2 over `source` from position 0: typed rows in batches, as `on_error` lets them through."""
    batches = engine.iter_typed_rows(
        BinaryTextSource(source),
        report,
        on_error=on_error,
        batch_size=batch_size,
        max_field_chars=max_field_chars,
        plan=plan,
        contract=contract,
    )
    return switched_per_item(batches, max_field_chars)


def find_invalid_rows(
    source: BinaryIO,
    *,
    contract: TableSchema | None = None,
    options: ValidationOptions = ValidationOptions(),  # noqa: B008 - immutable
) -> tuple[ValidationReport, Iterator[InvalidRow]]:
    """Pass 1 again, then the invalid rows it found with their reasons, read lazily (a third read)."""
    with reading(options.max_field_chars):
        report, rows = row_findings.find_invalid_rows(
            BinaryTextSource(source), contract=contract, options=options
        )
    return report, switched_per_item(rows, options.max_field_chars, pause=False)


def iter_invalid_rows(
    source: BinaryIO,
    report: ValidationReport,
    plan: LoadPlan,
    contract: ContractChecks | None = None,
    *,
    max_field_chars: int = DEFAULT_FIELD_CHARS,
) -> Iterator[InvalidRow]:
    rows = row_findings.iter_invalid_rows(
        BinaryTextSource(source), report, plan, contract, max_field_chars=max_field_chars
    )
    return switched_per_item(rows, max_field_chars, pause=False)


def open_records(
    source: BinaryIO,
    encoding: str,
    delimiter: str,
    batch_size: int,
    max_field_chars: int = DEFAULT_FIELD_CHARS,
) -> tuple[list[str] | None, Numbered]:
    """The header and the numbered batches of records of `source`, read from position 0."""
    with field_limit(max_field_chars):
        header, numbered = records.open_records(BinaryTextSource(source), encoding, delimiter, batch_size)
    return header, switched_per_item(numbered, max_field_chars, pause=False)
