"""The checks a contract adds to a file's rows: its own fields' cells, unique fields and the primary key.

Fields with default semantics and no constraint but `required` are judged by the column checks like an
established type (fast, in bulk); every other field (booleans, times, formats, decimal and group chars,
constraints, custom missing values, primary key fields) is judged here, a column of a batch at a time:
each distinct text once (`field_judge`), then the batch is mapped through what was learnt, and only the
cells that fail are looked at one by one. Both passes run this same object over the same records in the
same order, so they agree on every row: pass 1 records findings, pass 2 takes values and rows to drop.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from domain.contracts.table_schema import Field, TableSchema
from domain.validation.field_judge import FieldJudge
from domain.validation.field_readers import MISSING
from domain.validation.pending_samples import PendingSamples
from domain.validation.report import CellLocale
from domain.validation.rules import Rules
from domain.validation.typed_row import CellValue


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
            self.judged[index] = FieldJudge(field, missing, locale)
        names = [None if field is None else field.name for field in fields]
        in_file = all(name in names for name in contract.primaryKey)
        self.key_columns = [names.index(name) for name in contract.primaryKey] if in_file else []
        self.keys: dict[tuple[CellValue, ...], int] = {}

    @property
    def active(self) -> bool:
        return bool(self.judged)

    def check(self, batch: list[list[str]], first_row: int) -> tuple[set[int], dict[int, list[CellValue]]]:
        """The offsets of rows the contract makes invalid, and the typed values of the judged columns."""
        skipped = _blank_or_broken(batch)
        bad: set[int] = set()
        values: dict[int, list[CellValue]] = {}
        for index, judge in self.judged.items():
            values[index] = self._column(index, judge, batch, skipped, first_row, bad)
        if self.key_columns:
            self._keys(batch, skipped, first_row, values, bad)
        return bad, values

    def _column(
        self,
        index: int,
        judge: FieldJudge,
        batch: list[list[str]],
        skipped: set[int],
        first_row: int,
        bad: set[int],
    ) -> list[CellValue]:
        try:
            texts: list[str | None] = list(map(itemgetter(index), batch))
        except IndexError:  # a short record: its missing cells are no finding of the field's
            texts = [record[index] if index < len(record) else None for record in batch]
        else:
            judged = judge.judge_batch(texts)  # type: ignore[arg-type]  # no None: every record has the cell
            if judged is not None:
                values, failures = judged
                for offset, verdict, broken in failures:
                    if offset not in skipped:
                        flag = (verdict, broken)
                        self._flag(index, judge, first_row + offset, texts[offset], flag, bad, offset)
                if judge.seen is not None:
                    self._unique(index, judge.seen, texts, values, skipped, first_row, bad)
                return values
        judge.learn(texts)
        values = list(map(judge.values.__getitem__, texts))
        flagged = judge.flagged
        if not flagged.keys().isdisjoint(texts):
            for offset, text in enumerate(texts):
                if text in flagged and offset not in skipped:
                    self._flag(index, judge, first_row + offset, text, flagged[text], bad, offset)
        if judge.seen is not None:
            self._unique(index, judge.seen, texts, values, skipped, first_row, bad)
        return values

    def _flag(
        self,
        index: int,
        judge: FieldJudge,
        row: int,
        text: str | None,
        flag: tuple[int, str | None],
        bad: set[int],
        offset: int,
    ) -> None:
        rules, pending, source = self.rules, self.pending, self.sources[index]
        verdict, broken = flag
        if verdict == MISSING:
            if judge.required:
                rules.missing_value.escalate()
                bad.add(offset)
            message = "required value is empty" if judge.required else "empty value"
            pending.add(rules.missing_value, row, index, source, text, message)
            return
        bad.add(offset)
        if broken is not None:
            pending.add(rules.constraint_error, row, index, source, text, broken)
        else:
            pending.add(rules.type_error, row, index, source, text, judge.type_message)

    def _unique(
        self,
        index: int,
        seen: dict[CellValue, int],
        texts: list[str | None],
        values: list[CellValue],
        skipped: set[int],
        first_row: int,
        bad: set[int],
    ) -> None:
        present = [value for value in values if value is not None]
        if len(set(present)) == len(present) and seen.keys().isdisjoint(present):
            seen.update(zip(values, range(first_row, first_row + len(values)), strict=True))
            seen.pop(None, None)
            return
        for offset, value in enumerate(values):
            if value is None or offset in skipped:
                continue
            row = first_row + offset
            first = seen.setdefault(value, row)
            if first != row:
                message = f"repeats row {first}"
                self.pending.add(
                    self.rules.unique_error, row, index, self.sources[index], texts[offset], message
                )
                bad.add(offset)

    def _keys(
        self,
        batch: list[list[str]],
        skipped: set[int],
        first_row: int,
        values: dict[int, list[CellValue]],
        bad: set[int],
    ) -> None:
        columns = [values[index] for index in self.key_columns]
        keys = list(zip(*columns, strict=True))
        known = self.keys
        no_gaps = all(None not in column for column in columns)
        if no_gaps and len(set(keys)) == len(keys) and known.keys().isdisjoint(keys):
            known.update(zip(keys, range(first_row, first_row + len(keys)), strict=True))
            return
        names = ", ".join(self.sources[index] for index in self.key_columns)
        for offset, key in enumerate(keys):
            if offset in skipped:
                continue
            # As frictionless does: a missing or invalid key cell counts as None in the key.
            row = first_row + offset
            if all(value is None for value in key):
                message = f"primary key ({names}) is empty"
            else:
                first = known.setdefault(key, row)
                if first == row:
                    continue
                message = f"primary key ({names}) repeats row {first}"
            record = batch[offset]
            text = ", ".join(record[index] if index < len(record) else "" for index in self.key_columns)
            self.pending.add(self.rules.primary_key_error, row, self.key_columns[0], names, text, message)
            bad.add(offset)


def _blank_or_broken(batch: list[list[str]]) -> set[int]:
    """Rows no field judges: blank ones (never loaded) and unparseable ones (which have no cells)."""
    heads = [record[0] if record else "" for record in batch]
    if all(map(str.strip, heads)):
        return set()
    return {offset for offset, record in enumerate(batch) if not "".join(record).strip()}
