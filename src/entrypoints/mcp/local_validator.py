"""The MCP server's CSV validator: the domain's row engine over a local file (a `CsvValidator`).

The MCP process has no composition root to choose an engine and may import no adapter (see the import
contract), so it hands `ValidateCsv` this one: the reference engine, whose reports every engine matches.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

from domain.contracts.table_schema import TableSchema
from domain.uploads.upload import OnError
from domain.validation import engine, row_findings
from domain.validation.engine import ValidationOptions
from domain.validation.load_plan import LoadPlan
from domain.validation.reading import RowsChecked, StopCheck, unobserved
from domain.validation.report import ValidationReport
from domain.validation.row_findings import InvalidRow
from domain.validation.row_rule import RowRule
from domain.validation.typed_row import TypedRow
from entrypoints.mcp.local_text import LocalText


class LocalCsvValidator:
    def validate(
        self,
        source: BinaryIO,
        *,
        contract: TableSchema | None,
        options: ValidationOptions,
        extra_rules: Sequence[RowRule],
        stop: StopCheck,
        checked: RowsChecked = unobserved,
    ) -> tuple[ValidationReport, LoadPlan]:
        return engine.validate_csv_for_load(
            LocalText(source),
            contract=contract,
            options=options,
            extra_rules=extra_rules,
            stop=stop,
            checked=checked,
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
        return engine.iter_typed_rows(
            LocalText(source), report, on_error=on_error, batch_size=batch_size, plan=plan, contract=contract
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
        return self.typed_rows(
            source, report, on_error=on_error, batch_size=batch_size, plan=plan, contract=contract
        )

    def invalid_rows(
        self, source: BinaryIO, *, contract: TableSchema | None
    ) -> tuple[ValidationReport, Iterator[InvalidRow]]:
        return row_findings.find_invalid_rows(LocalText(source), contract=contract)
