"""One field's verdict on each distinct text, learnt once and remembered (a column repeats its values)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from domain.contracts.table_schema import Field, column_type
from domain.validation.cell_types import SEP
from domain.validation.column_converters import ColumnConverter
from domain.validation.constraint_checks import constraint_checks, first_broken
from domain.validation.field_readers import FITS, MISSING, TYPE_ERROR, FieldReader, reads_plainly
from domain.validation.report import CellLocale, Column
from domain.validation.typed_row import CellValue

_MEMO_LIMIT = 1 << 16


class FieldJudge:
    """A judged field: its reader, its constraint checks, and the values seen when it is unique.

    `values[text]` is the loaded value of a text (None unless it fits and meets every constraint);
    `flagged[text]` = (reader verdict, failed constraint's message) for texts that are not clean.
    A cell beyond a short record is `None`: no finding (the row is reported as missing-cell).
    """

    def __init__(self, field: Field, missing: frozenset[str], locale: CellLocale) -> None:
        self.field, self.required = field, field.constraints.required
        self.reader = FieldReader(field, missing, locale)
        self.checks, self.bulk_checks = constraint_checks(field, self.reader)
        # Fields read as inference reads them convert a batch in bulk, as pass 2's columns do.
        plain = reads_plainly(field, tuple(missing))
        column = Column(field.name, field.name, column_type(field.type))
        self.converter = ColumnConverter(column, locale) if plain else None
        self.seen: dict[CellValue, int] | None = {} if field.constraints.unique else None
        suffix = "" if field.format in ("default", "any") else f" in format {field.format}"
        self.type_message = f"not a valid {field.type}{suffix}"
        self.values: dict[str | None, CellValue] = {None: None}
        self.flagged: dict[str | None, tuple[int, str | None]] = {}

    def learn(self, texts: Iterable[str | None]) -> None:
        """Judge every text not judged yet."""
        values = self.values
        distinct = set(texts)
        new = [text for text in distinct if text not in values]
        if not new:
            return
        if len(values) + len(new) > _MEMO_LIMIT:
            values.clear()
            self.flagged.clear()
            values[None] = None
            new = [text for text in distinct if text is not None]
        for text in new:
            assert text is not None
            verdict, value = self.reader.judge(text)
            broken = first_broken(self.checks, text, value) if verdict == FITS else None
            if verdict != FITS or broken is not None:
                self.flagged[text] = (verdict, broken)
                value = None
            values[text] = value

    def judge_batch(
        self, texts: list[str]
    ) -> tuple[list[CellValue], list[tuple[int, int, str | None]]] | None:
        """The values of a batch's cells and (offset, verdict, broken constraint) of those that fail.

        None when the field does not read plainly: then `learn` judges each distinct text.
        """
        if self.converter is None:
            return None
        converted = self.converter.convert(tuple(texts), SEP.join(texts))
        values: list[CellValue] = list(converted.values)
        failures: list[tuple[int, int, str | None]] = [
            (offset, MISSING, None) for offset in converted.empties
        ]
        failures.extend((offset, TYPE_ERROR, None) for offset in converted.bad)
        if not self.checks:
            return values, failures
        offsets: Sequence[int] = range(len(texts))
        if failures:
            failed = {failure[0] for failure in failures}
            offsets = [offset for offset in offsets if offset not in failed]
        present = [texts[offset] for offset in offsets]
        present_values = [values[offset] for offset in offsets]
        if present and not all(check(present, present_values) for check in self.bulk_checks):
            for offset in offsets:
                broken = first_broken(self.checks, texts[offset], values[offset])
                if broken is not None:
                    failures.append((offset, FITS, broken))
                    values[offset] = None
        return values, failures
