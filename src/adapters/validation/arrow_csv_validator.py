"""ArrowCsvValidator: pass 1 read by Arrow and checked column-wise; the row engine for everything else.

A file is read column-wise only when `columnar.screen` shows Arrow's unquoted reading gives exactly the
row engine's records (UTF-8, no quote character, no separator bytes, \\n or \\r\\n line breaks, no line over
the field limit, a header on the first line). Any other file, and pass 2, go to `StdlibCsvValidator`: the
choice is made before a single row is checked, so each file is read by one engine, in time linear in its
size. Either way the report is the row engine's, finding for finding (see the differential test).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

from adapters.validation.columnar.arrow_feeder import BLOCK_BYTES, ArrowFeeder
from adapters.validation.columnar.screen import qualifies
from adapters.validation.columnar.text_batches import TEXT_TYPES, text_batches
from adapters.validation.process_switches import reading
from adapters.validation.stdlib_csv_validator import StdlibCsvValidator
from application.uploads.binary_text_source import BinaryTextSource
from domain.contracts.table_schema import TableSchema
from domain.uploads.upload import OnError
from domain.validation import engine
from domain.validation.contract_binding import fresh_checks
from domain.validation.dialect import detect_delimiter
from domain.validation.engine import ValidationOptions
from domain.validation.load_plan import LoadPlan
from domain.validation.reading import RowsChecked, StopCheck, never, unobserved
from domain.validation.report import ValidationReport
from domain.validation.row_facts import is_blank
from domain.validation.row_findings import InvalidRow
from domain.validation.row_rule import RowRule
from domain.validation.text_source import decode_sample, detect_encoding
from domain.validation.typed_row import TypedRow

_ARROW_ENCODINGS = frozenset({"utf-8", "utf-8-sig"})


class ArrowCsvValidator:
    """Column-wise pass 1 where it is exact, the row engine (`fallback`) wherever it is not."""

    def __init__(self, fallback: StdlibCsvValidator | None = None, block_bytes: int = BLOCK_BYTES) -> None:
        self._fallback = fallback or StdlibCsvValidator()
        self._block_bytes = block_bytes
        self.columnar_reads = 0  # files read column-wise, for tests and figures

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
        feeder = self._feeder(source, options, stop)
        if feeder is None:
            return self._fallback.validate(
                source,
                contract=contract,
                options=options,
                extra_rules=extra_rules,
                stop=stop,
                checked=checked,
            )
        self.columnar_reads += 1
        with reading(options.max_field_chars):
            return engine.validate_csv_for_load(
                BinaryTextSource(source),
                contract=contract,
                options=options,
                extra_rules=extra_rules,
                stop=stop,
                feeder=feeder,
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
        return self._fallback.typed_rows(
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
        """Batches as the cells' own text where that loads the same values (`text_batches`), for files
        read line by line exactly (the columnar screen) without a contract judging their cells."""
        judged = contract is not None and fresh_checks(contract, report).active
        if (
            judged
            or not report.columns
            or any(column.type not in TEXT_TYPES for column in report.columns)
            or report.encoding not in _ARROW_ENCODINGS
            or report.delimiter is None
            or self._feeder(source, ValidationOptions(), never) is None
        ):
            return self.typed_rows(
                source, report, on_error=on_error, batch_size=batch_size, plan=plan, contract=contract
            )
        keep_invalid = on_error is not OnError.SKIP
        return text_batches(
            source, report, keep_invalid=keep_invalid, plan=plan, block_bytes=self._block_bytes
        )

    def invalid_rows(
        self, source: BinaryIO, *, contract: TableSchema | None
    ) -> tuple[ValidationReport, Iterator[InvalidRow]]:
        return self._fallback.invalid_rows(source, contract=contract)

    def _feeder(self, source: BinaryIO, options: ValidationOptions, stop: StopCheck) -> ArrowFeeder | None:
        """The Arrow reader for `source`, or None when only the row engine reads it exactly."""
        head = BinaryTextSource(source).head()
        if not head:
            return None
        encoding = detect_encoding(head)
        if encoding not in _ARROW_ENCODINGS:
            return None
        text = decode_sample(head, encoding)
        delimiter = detect_delimiter(text)
        if "\n" not in text:
            return None  # a header alone (nothing for Arrow to read) or a line longer than the sample
        first_line = text.split("\n", 1)[0].rstrip("\r")
        header = first_line.split(delimiter)
        if is_blank(header) or len(delimiter) != 1:
            return None
        if not qualifies(source, options.max_field_chars):
            return None
        return ArrowFeeder(source, delimiter, len(header), stop, self._block_bytes)
