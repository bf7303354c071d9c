"""CsvValidator: the two passes over an uploaded CSV file, whichever engine reads it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO, Protocol

from domain.contracts.table_schema import TableSchema
from domain.uploads.upload import OnError
from domain.validation.engine import ValidationOptions
from domain.validation.load_plan import LoadPlan
from domain.validation.reading import RowsChecked, StopCheck, unobserved
from domain.validation.report import ValidationReport
from domain.validation.row_findings import InvalidRow
from domain.validation.row_rule import RowRule
from domain.validation.typed_row import TypedRow


class CsvValidator(Protocol):
    """Judges a file (pass 1) and reads it back as typed rows judged alike (pass 2).

    Every implementation gives the same report for the same file, byte for byte: they differ in speed,
    not in findings. Sources are read from position 0 and left open.
    """

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
        """The report, and the duplicate rows pass 2 must drop without hashing the file again.

        `stop` is asked between batches; once it says yes the reading ends with `ReadingStopped`.
        `checked` is told, before each batch, the rows judged so far (never ahead of the judging, never
        above the report's `rows.total`): a job's progress.
        """
        ...

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
        """Pass 2: batches of typed rows, keeping or dropping invalid rows as `on_error` says."""
        ...

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
        """Pass 2 for a store that parses cell text itself: the same rows as `typed_rows`, some batches
        possibly as `TextRows` (their cells' own text, written as the store reads them). An engine that
        cannot tell yields typed rows only."""
        ...

    def invalid_rows(
        self, source: BinaryIO, *, contract: TableSchema | None
    ) -> tuple[ValidationReport, Iterator[InvalidRow]]:
        """The report again, then every invalid row with all its reasons, read lazily."""
        ...
