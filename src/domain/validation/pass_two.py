"""Pass 2: the rows of a validated file as typed values, judged exactly as pass 1 judged them.

A row is invalid when it is broken, ragged or undecodable, when a cell is empty in a required column or
does not fit its column's (chosen) type, or when it repeats an earlier row. Duplicates come from pass 1's
`LoadPlan`; without one they are found again first (one more read of the file).

Like pass 1, a batch is converted column by column (`column_converters`: one converter per column, chosen
from its type at the start); only odd rows (broken, ragged, undecodable) are typed one at a time
(`row_typer`). Rows blank in every column are never loaded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from operator import attrgetter

import msgspec

from domain.uploads.upload import OnError
from domain.validation.cell_types import SEP
from domain.validation.column_converters import ColumnConverter, Converted
from domain.validation.contract_checks import ContractChecks
from domain.validation.load_plan import LoadPlan, scan_duplicates
from domain.validation.reading import StopCheck, never, open_records
from domain.validation.report import Column, ColumnType, ValidationReport
from domain.validation.row_facts import has_undecodable
from domain.validation.row_typer import RowTyper
from domain.validation.text_source import TextSource
from domain.validation.typed_row import TypedRow

_ROW_NUMBER = attrgetter("row")


def typed_batches(
    source: TextSource,
    report: ValidationReport,
    on_error: OnError,
    batch_size: int,
    max_field_chars: int,
    plan: LoadPlan | None = None,
    contract: ContractChecks | None = None,
    stop: StopCheck = never,
) -> Iterator[list[TypedRow]]:
    """`contract`: a fresh `ContractChecks` of the contract pass 1 was given (None without one).

    `max_field_chars` is the `csv` field limit the caller set for the reading (it is process-wide).
    """
    if not report.columns or report.encoding is None or report.delimiter is None:
        return
    if plan is None:
        _, numbered = open_records(source, report.encoding, report.delimiter, batch_size, stop=stop)
        plan = scan_duplicates(numbered)
    _, numbered = open_records(source, report.encoding, report.delimiter, batch_size, stop=stop)
    typer = BatchTyper(report, plan, keep_invalid=on_error is not OnError.SKIP, contract=contract)
    out: list[TypedRow] = []
    for first_row, batch in numbered:
        out.extend(typer.type_batch(first_row, batch))
        if len(out) >= batch_size:
            yield out
            out = []
    if out:
        yield out


class BatchTyper:
    """Types the records of one file's batches; keeps invalid rows (invalid cells as None) or drops them."""

    def __init__(
        self,
        report: ValidationReport,
        plan: LoadPlan,
        *,
        keep_invalid: bool,
        contract: ContractChecks | None = None,
    ) -> None:
        self.contract = contract if contract is not None and contract.active else None
        if self.contract is not None:
            # Columns the contract judges reach `_by_contract` as text: the converters leave them alone.
            judged = self.contract.judged
            columns = tuple(
                Column(column.name, column.source_name, ColumnType.STRING) if index in judged else column
                for index, column in enumerate(report.columns)
            )
            report = msgspec.structs.replace(report, columns=columns)
        locale = report.cell_locale
        self.width = len(report.columns)
        self.converters = [ColumnConverter(column, locale) for column in report.columns]
        self.keep_invalid = keep_invalid
        self.duplicates = plan.duplicate_rows
        self.odd_rows = RowTyper(report, plan)

    def type_batch(self, first_row: int, batch: list[list[str]]) -> list[TypedRow]:
        """The rows of `batch` to load, in file order; `first_row` is the row number of its first record."""
        width = self.width
        odd: set[int] = set()
        if len(set(map(len, batch))) != 1 or len(batch[0]) != width:
            odd = {offset for offset, record in enumerate(batch) if len(record) != width}
        offsets, columns, joined = self._columns(batch, odd)
        typed = self._regular(first_row, offsets, columns, joined) if offsets else []
        if odd:
            for offset in sorted(odd):
                judged = self.odd_rows.type_row(first_row + offset, batch[offset])
                if judged is not None and (judged[1] or self.keep_invalid):
                    typed.append(TypedRow(first_row + offset, judged[0]))
            typed.sort(key=_ROW_NUMBER)
        if self.contract is not None:
            typed = self._by_contract(first_row, batch, typed)
        return typed

    def _by_contract(self, first_row: int, batch: list[list[str]], typed: list[TypedRow]) -> list[TypedRow]:
        """The contract's values in its judged columns; rows it finds invalid dropped unless kept."""
        assert self.contract is not None
        bad, values = self.contract.check(batch, first_row)
        judged = list(values.items())
        out: list[TypedRow] = []
        for row in typed:
            offset = row.row - first_row
            if offset in bad and not self.keep_invalid:
                continue
            cells = list(row.values)
            for index, column in judged:
                cells[index] = column[offset]
            out.append(TypedRow(row.row, tuple(cells)))
        return out

    def _columns(
        self, batch: list[list[str]], odd: set[int]
    ) -> tuple[Sequence[int], list[tuple[str, ...]], list[str]]:
        """The offsets of the regular rows, their columns, and each column joined with SEP.

        Rows with undecodable bytes are found here (a column at a time) and added to `odd`.
        """
        offsets: Sequence[int] = range(len(batch))
        regular = batch
        if odd:
            offsets = [offset for offset in offsets if offset not in odd]
            regular = [batch[offset] for offset in offsets]
        columns = list(zip(*regular, strict=False))
        joined = [SEP.join(cells) for cells in columns]
        undecodable = {
            offsets[position]
            for cells, text in zip(columns, joined, strict=True)
            if not text.isascii() and has_undecodable((text,))
            for position, cell in enumerate(cells)
            if has_undecodable((cell,))
        }
        if undecodable:
            odd.update(undecodable)
            return self._columns(batch, odd)
        return offsets, columns, joined

    def _regular(
        self, first_row: int, offsets: Sequence[int], columns: list[tuple[str, ...]], joined: list[str]
    ) -> list[TypedRow]:
        converted = [
            converter.convert(cells, text)
            for converter, cells, text in zip(self.converters, columns, joined, strict=True)
        ]
        values = zip(*(column.values for column in converted), strict=True)
        numbers = [first_row + offset for offset in offsets]
        drop = _blank_positions(converted)
        if not self.keep_invalid:
            drop.update(chain.from_iterable(column.bad for column in converted))
            if self.duplicates:
                drop.update(p for p, number in enumerate(numbers) if number in self.duplicates)
        if not drop:
            return list(map(TypedRow, numbers, values))
        return [
            TypedRow(number, row)
            for position, (number, row) in enumerate(zip(numbers, values, strict=True))
            if position not in drop
        ]


def _blank_positions(converted: list[Converted]) -> set[int]:
    """Positions blank in every column: blank rows, which are never loaded."""
    if not all(column.empties for column in converted):
        return set()
    return set(converted[0].empties).intersection(*(column.empties for column in converted[1:]))
