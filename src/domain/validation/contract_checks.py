"""The checks a contract adds to a file's rows: its own fields' cells, unique fields and the primary key.

Fields with default semantics and no constraint but `required` are judged by the column checks like an
established type (fast, in bulk); every other field (booleans, times, formats, decimal and group chars,
constraints, custom missing values, primary key fields) is judged here, one distinct value at a time.
Both passes run this same object over the same records in the same order, so they agree on every row:
pass 1 records the findings, pass 2 takes the typed values and which rows to drop.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.contracts.table_schema import Field, TableSchema
from domain.validation.constraint_checks import constraint_checks
from domain.validation.field_readers import FITS, MISSING, FieldReader
from domain.validation.pending_samples import PendingSamples
from domain.validation.records import ParseFailure
from domain.validation.report import CellLocale
from domain.validation.row_facts import is_blank
from domain.validation.rules import Rules
from domain.validation.typed_row import CellValue

_MEMO_LIMIT = 1 << 16
Verdict = tuple[int, CellValue, str | None]  # reader verdict, value, failed constraint's message


class FieldJudge:
    """One judged field: its reader, constraint checks and the values seen (when unique)."""

    def __init__(self, field: Field, required: bool, missing: frozenset[str], locale: CellLocale) -> None:
        self.field, self.required = field, required
        self.reader = FieldReader(field, missing, locale)
        self.checks = constraint_checks(field, self.reader)
        self.seen: dict[CellValue, int] | None = {} if field.constraints.unique else None
        self.memo: dict[str, Verdict] = {}
        suffix = "" if field.format in ("default", "any") else f" in format {field.format}"
        self.type_message = f"not a valid {field.type}{suffix}"

    def verdict(self, text: str) -> Verdict:
        found = self.memo.get(text)
        if found is None:
            if len(self.memo) > _MEMO_LIMIT:
                self.memo.clear()
            verdict, value = self.reader.judge(text)
            broken = None
            if verdict == FITS:
                broken = next(filter(None, (check(text, value) for check in self.checks)), None)
            found = self.memo[text] = (verdict, value, broken)
        return found


class ContractChecks:
    """Judges the contract's own fields of every batch; `judged` maps file columns to their judges."""

    def __init__(
        self,
        contract: TableSchema,
        fields: Sequence[Field | None],
        sources: Sequence[str],
        rules: Rules,
        pending: PendingSamples,
        locale: CellLocale,
        judged: Sequence[int],
    ) -> None:
        self.rules, self.pending, self.sources = rules, pending, sources
        missing = frozenset(contract.missingValues)
        self.judged: dict[int, FieldJudge] = {}
        for index in judged:
            field = fields[index]
            assert field is not None
            self.judged[index] = FieldJudge(field, field.constraints.required, missing, locale)
        names = [None if field is None else field.name for field in fields]
        in_file = all(name in names for name in contract.primaryKey)
        self.key_columns = [names.index(name) for name in contract.primaryKey] if in_file else []
        self.keys: dict[tuple[CellValue, ...], int] = {}

    @property
    def active(self) -> bool:
        return bool(self.judged)

    def check(self, batch: list[list[str]], first_row: int) -> tuple[set[int], dict[int, list[CellValue]]]:
        """The offsets of rows the contract makes invalid, and the typed values of the judged columns."""
        offsets = [
            offset
            for offset, record in enumerate(batch)
            if not isinstance(record, ParseFailure) and not is_blank(record)
        ]
        bad: set[int] = set()
        values: dict[int, list[CellValue]] = {}
        for index, judge in self.judged.items():
            values[index] = self._column(index, judge, batch, offsets, first_row, bad)
        if self.key_columns:
            self._keys(batch, offsets, first_row, values, bad)
        return bad, values

    def _column(
        self,
        index: int,
        judge: FieldJudge,
        batch: list[list[str]],
        offsets: list[int],
        first_row: int,
        bad: set[int],
    ) -> list[CellValue]:
        rules, pending, source = self.rules, self.pending, self.sources[index]
        column: list[CellValue] = [None] * len(batch)
        for offset in offsets:
            record = batch[offset]
            if index >= len(record):
                continue  # a short row: reported as missing-cell
            text = record[index]
            verdict, value, broken = judge.verdict(text)
            row = first_row + offset
            if verdict == FITS and broken is None:
                column[offset] = value
                seen = judge.seen
                if seen is not None:
                    first = seen.setdefault(value, row)
                    if first != row:
                        pending.add(rules.unique_error, row, index, source, text, f"repeats row {first}")
                        bad.add(offset)
                continue
            if verdict != MISSING or judge.required:
                bad.add(offset)
            if verdict == MISSING:
                if judge.required:
                    rules.missing_value.escalate()
                message = "required value is empty" if judge.required else "empty value"
                pending.add(rules.missing_value, row, index, source, text, message)
            elif verdict == FITS:
                pending.add(rules.constraint_error, row, index, source, text, str(broken))
            else:
                pending.add(rules.type_error, row, index, source, text, judge.type_message)
        return column

    def _keys(
        self,
        batch: list[list[str]],
        offsets: list[int],
        first_row: int,
        values: dict[int, list[CellValue]],
        bad: set[int],
    ) -> None:
        columns = [values[index] for index in self.key_columns]
        names = ", ".join(self.sources[index] for index in self.key_columns)
        for offset in offsets:
            # As frictionless does: a missing or invalid key cell counts as None in the key.
            key = tuple(column[offset] for column in columns)
            row = first_row + offset
            if all(value is None for value in key):
                message = f"primary key ({names}) is empty"
            else:
                first = self.keys.setdefault(key, row)
                if first == row:
                    continue
                message = f"primary key ({names}) repeats row {first}"
            record = batch[offset]
            text = ", ".join(record[index] if index < len(record) else "" for index in self.key_columns)
            self.pending.add(self.rules.primary_key_error, row, self.key_columns[0], names, text, message)
            bad.add(offset)
