"""StdlibCsvValidator: the domain's row engine (`csv` module, a batch of Python records at a time)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

from adapters.validation import csv_files
from domain.contracts.table_schema import TableSchema
from domain.uploads.upload import OnError
from domain.validation.engine import ValidationOptions
from domain.validation.load_plan import LoadPlan
from domain.validation.reading import RowsChecked, StopCheck, never, unobserved
from domain.validation.report import ValidationReport
from domain.validation.row_findings import InvalidRow
from domain.validation.row_rule import RowRule
from domain.validation.typed_row import TypedRow


class StdlibCsvValidator:
    """Reads anything: multi-line records, undecodable bytes, broken quotes; the reference for reports."""

    def validate(
        self,
        source: BinaryIO,
        *,
        contract: TableSchema | None = None,
        options: ValidationOptions = ValidationOptions(),  # noqa: B008 - immutable
        extra_rules: Sequence[RowRule] = (),
        stop: StopCheck = never,
        checked: RowsChecked = unobserved,
    ) -> tuple[ValidationReport, LoadPlan]:
        return csv_files.validate_csv_for_load(
            source, contract=contract, options=options, extra_rules=extra_rules, stop=stop, checked=checked
        )

    def typed_rows(
        self,
        source: BinaryIO,
        report: ValidationReport,
        *,
        on_error: OnError,
        batch_size: int,
        plan: LoadPlan,
        contract: TableSchema | None,
    ) -> Iterator[list[TypedRow]]:
        return csv_files.iter_typed_rows(
            source, report, on_error=on_error, batch_size=batch_size, plan=plan, contract=contract
        )

    def text_rows(
        self,
        source: BinaryIO,
        report: ValidationReport,
        *,
        on_error: OnError,
        batch_size: int,
        plan: LoadPlan,
        contract: TableSchema | None,
    ) -> Iterator[Sequence[TypedRow]]:
        """Typed rows only: a file this engine reads may hold quoted fields, which stay its own."""
        return self.typed_rows(
            source, report, on_error=on_error, batch_size=batch_size, plan=plan, contract=contract
        )

    def invalid_rows(
        self, source: BinaryIO, *, contract: TableSchema | None
    ) -> tuple[ValidationReport, Iterator[InvalidRow]]:
        return csv_files.find_invalid_rows(source, contract=contract)
