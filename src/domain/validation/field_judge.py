"""One field's verdict on each distinct text, learnt once and remembered (a column repeats its values)."""

from __future__ import annotations

from collections.abc import Iterable

from domain.contracts.table_schema import Field
from domain.validation.constraint_checks import constraint_checks
from domain.validation.field_readers import FITS, FieldReader
from domain.validation.report import CellLocale
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
        self.checks = constraint_checks(field, self.reader)
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
            broken = None
            if verdict == FITS:
                broken = next(filter(None, (check(text, value) for check in self.checks)), None)
            if verdict != FITS or broken is not None:
                self.flagged[text] = (verdict, broken)
                value = None
            values[text] = value
