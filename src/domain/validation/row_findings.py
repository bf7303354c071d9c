"""Every invalid row of a validated file with all the reasons it is invalid: the complete error download.

The report keeps capped samples; this reads the file once more and names, for each row pass 2 would drop
with `on_error=skip`, every rule that hit it. It judges like pass 2: the contract's own fields through a
fresh `ContractChecks` (whose findings are collected per row instead of sampled), every other column cell
by cell as `row_typer` does, and duplicates from the `LoadPlan` of pass 1. It streams: one batch of
records at a time, never the whole file.
"""

from __future__ import annotations

from collections.abc import Iterator

import msgspec

from domain.contracts.table_schema import TableSchema
from domain.validation.cell_types import ACCEPTS, EMPTY, classify
from domain.validation.contract_binding import fresh_checks
from domain.validation.contract_checks import ContractChecks
from domain.validation.engine import ValidationOptions, validate_csv_for_load
from domain.validation.findings import Tally
from domain.validation.load_plan import LoadPlan
from domain.validation.pending_samples import PendingSamples
from domain.validation.reading import open_records
from domain.validation.records import ParseFailure
from domain.validation.report import ValidationReport
from domain.validation.row_facts import has_undecodable, is_blank
from domain.validation.text_source import TextSource

BATCH_SIZE = 4096
DEFAULT_FIELD_CHARS = 131072


class RowReason(str):
    """One reason a row is invalid, written in English as `rule (column): 'value' message`, that keeps
    its parts so the edge can write the message in the reader's language. It is a `str`, so it is
    written out, compared and joined like the plain text it is."""

    rule: str
    column: str | None
    value: str | None
    message: str

    def __new__(
        cls, rule: str, message: str, *, column: str | None = None, value: str | None = None
    ) -> RowReason:
        where = rule if column is None else f"{rule} ({column})"
        shown = "" if value is None else f" {value!r}"
        reason = super().__new__(cls, f"{where}:{shown} {message}")
        reason.rule, reason.column, reason.value, reason.message = rule, column, value, message
        return reason


class InvalidRow(msgspec.Struct, frozen=True):
    """One invalid row: its number (header = row 1), its cells as read, and why, one reason per finding."""

    row: int
    cells: tuple[str, ...]
    reasons: tuple[str, ...]


class _RowReasons(PendingSamples):
    """Collects the contract's findings by row (all of them, uncapped) instead of sampling them."""

    def __init__(self) -> None:
        super().__init__()
        self.by_row: dict[int, list[tuple[int, RowReason]]] = {}

    def add(
        self, tally: Tally, row: int, column: int, source: str | None, value: str | None, message: str
    ) -> None:
        self.note(tally, row, column, source, value, message)

    def note(
        self, tally: Tally, row: int, column: int, source: str | None, value: str | None, message: str
    ) -> None:
        if tally.rule == "missing-value" and message != "required value is empty":
            return  # an empty optional value is a warning: it never makes a row invalid
        reason = RowReason(tally.rule, message, column=source, value=value)
        self.by_row.setdefault(row, []).append((column, reason))

    def flush(self) -> None:
        self.by_row.clear()


def find_invalid_rows(
    source: TextSource,
    *,
    contract: TableSchema | None = None,
    options: ValidationOptions = ValidationOptions(),  # noqa: B008 - immutable
) -> tuple[ValidationReport, Iterator[InvalidRow]]:
    """Validate `source` again (pass 1), then the invalid rows it found, read lazily (a third read)."""
    report, plan = validate_csv_for_load(source, contract=contract, options=options)
    checks = None if contract is None else fresh_checks(contract, report)
    rows = iter_invalid_rows(source, report, plan, checks, max_field_chars=options.max_field_chars)
    return report, rows


def iter_invalid_rows(
    source: TextSource,
    report: ValidationReport,
    plan: LoadPlan,
    contract: ContractChecks | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    max_field_chars: int = DEFAULT_FIELD_CHARS,
) -> Iterator[InvalidRow]:
    """The invalid rows of `source`, in file order.

    `report` and `plan` come from pass 1 over the same file; `contract` is a fresh `fresh_checks` of the
    contract pass 1 was given (None without one): its findings are collected here, per row.
    """
    if not report.columns or report.encoding is None or report.delimiter is None:
        return
    judge = _CellJudge(report, plan, contract)
    _, numbered = open_records(source, report.encoding, report.delimiter, batch_size)
    for first_row, batch in numbered:
        yield from judge.batch(first_row, batch)


class _CellJudge:
    def __init__(self, report: ValidationReport, plan: LoadPlan, contract: ContractChecks | None) -> None:
        self.contract = contract if contract is not None and contract.active else None
        judged = set() if self.contract is None else set(self.contract.judged)
        self.reasons = _RowReasons()
        if self.contract is not None:
            self.contract.pending = self.reasons
        self.width = len(report.columns)
        self.locale = report.cell_locale
        self.columns = [
            (index, column.source_name, ACCEPTS[column.type], column.required, str(column.type))
            for index, column in enumerate(report.columns)
            if index not in judged
        ]
        self.duplicates = plan.duplicate_rows

    def batch(self, first_row: int, batch: list[list[str]]) -> Iterator[InvalidRow]:
        if self.contract is not None:
            self.contract.check(batch, first_row)
        for offset, record in enumerate(batch):
            row = first_row + offset
            found = self.reasons.by_row.pop(row, [])
            reasons = self._row_reasons(row, record) + [reason for _, reason in sorted(found)]
            if reasons:
                yield InvalidRow(row, tuple(record), tuple(reasons))
        self.reasons.by_row.clear()

    def _row_reasons(self, row: int, record: list[str]) -> list[RowReason]:
        if isinstance(record, ParseFailure):
            return [RowReason("parse-error", record.message)]
        if is_blank(record):
            return []
        reasons: list[RowReason] = []
        length = len(record)
        if length < self.width:
            reasons.append(RowReason("missing-cell", f"{length} cells, the header has {self.width}"))
        elif length > self.width:
            reasons.append(RowReason("extra-cell", f"{length} cells, the header has {self.width}"))
        undecodable = has_undecodable(record)
        if undecodable:
            reasons.append(RowReason("encoding", "bytes not valid in the file's encoding"))
        for index, name, accepted, required, kind in self.columns:
            if index >= length:
                continue
            value = record[index]
            cls = classify(value, self.locale)
            if cls == EMPTY:
                if required:
                    reasons.append(RowReason("missing-value", "required value is empty", column=name))
            elif cls not in accepted:
                reasons.append(RowReason("type-error", f"not a valid {kind}", column=name, value=value))
        if row in self.duplicates:
            reasons.append(RowReason("duplicate-row", "repeats an earlier row"))
        return reasons
