"""The `near-duplicate-row` rule: rows that are the same record written differently."""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter

from domain.enrichment.near_duplicate_finder import (
    LexicalNearDuplicateFinder,
    NearDuplicateFinder,
    NearDuplicatePair,
)
from domain.validation.reading import collector_paused
from domain.validation.report import Column, ColumnType, RuleStatus, Sample, Severity, Validation

RULE = "near-duplicate-row"
TITLE = "Rows that look like the same record written differently"
# Measured by bench/enrichment_bench.py: checking 5,000 rows keeps both enrichment rules within 25 %
# of validating 100,000 rows; the check's cost does not grow with the file beyond this.
DEFAULT_MAX_ROWS = 5_000
_EXCERPT = 120
_LETTER = re.compile(r"[^\W\d_]")
_TYPE_PROBE = 500  # values per column looked at to tell text from numbers and dates
_SEP = "\x1f"  # kept rows are their cells joined: a string is cheaper to keep than a tuple


class NearDuplicateRowRule:
    """Keeps the first `max_rows` rows; at the end, asks a finder for pairs among the distinct ones.

    Only text columns are compared: string columns whose values mostly contain letters (the engine
    starts row rules with provisional columns, all `string`, so numbers and dates are told apart by
    looking). Rows identical after trimming are left to the engine's `duplicate-row` rule. Beyond
    `max_rows`, only the first `max_rows` rows are compared (deterministic, bounded memory and
    time); the report says so with a sample whose row is None. `observe` only keeps the row (as one
    string, which the garbage collector need not track); all the work is in `finish`.
    """

    def __init__(
        self,
        finder: NearDuplicateFinder | None = None,
        *,
        max_rows: int = DEFAULT_MAX_ROWS,
        max_samples: int = 20,
    ) -> None:
        self._finder: NearDuplicateFinder = finder or LexicalNearDuplicateFinder()
        self._max_rows = max_rows
        self._max_samples = max_samples
        self._columns: list[Column] = []
        self._kept_rows: list[int] = []
        self._kept: list[str] = []
        self._total = 0

    def start(self, columns: Sequence[Column]) -> None:
        self._columns = list(columns)
        self._kept_rows, self._kept, self._total = [], [], 0

    def observe(self, row: int, cells: Sequence[str]) -> None:
        self._total += 1
        if self._total <= self._max_rows:
            joined = _SEP.join(cells)
            if joined.count(_SEP) >= len(cells):  # a cell holds the separator: blank it, rarely needed
                joined = _SEP.join(cell.replace(_SEP, " ") for cell in cells)
            self._kept_rows.append(row)
            self._kept.append(joined)

    def finish(self) -> Validation:
        # Like the engine's pass: many short-lived objects, no reference cycles, so the collector
        # would only spend time (a third of this check's, measured) scanning what it cannot free.
        with collector_paused():
            rows, full = self._distinct_rows()
            records = self._text_records(full)
            pairs = self._finder(records) if len(records) > 1 else []
        # Rows equal once trimmed are the duplicate-row rule's: checked on the few pairs found.
        pairs = [p for p in pairs if _trimmed(full[p.first]) != _trimmed(full[p.second])]
        self._kept_rows, self._kept = [], []
        notes = self._limit_notes()
        findings = [
            _finding(pair, rows, records)
            for pair in sorted(pairs, key=lambda p: (rows[p.second], rows[p.first]))
        ]
        title = TITLE + (f" (first {self._max_rows:,} rows checked)" if notes else "")
        room = max(0, self._max_samples - len(notes))
        return Validation(
            rule=RULE,
            title=title,
            severity=Severity.WARNING,
            status=RuleStatus.FAILED if findings else RuleStatus.PASSED,
            count=len(findings),
            truncated=len(findings) > room,
            samples=tuple(notes) + tuple(findings[:room]),
        )

    def _distinct_rows(self) -> tuple[list[int], list[list[str]]]:
        first: dict[str, int] = {}
        for row, joined in zip(self._kept_rows, self._kept, strict=True):
            first.setdefault(joined, row)
        return list(first.values()), [joined.split(_SEP) for joined in first]

    def _text_records(self, full: list[list[str]]) -> list[tuple[str, ...]]:
        text = _text_columns(self._columns, full)
        if not text or not full:
            return []
        pick = itemgetter(*text)
        width = max(text) + 1
        picked = [pick(cells) if len(cells) >= width else pick(cells + [""] * width) for cells in full]
        return picked if len(text) > 1 else [(cell,) for cell in picked]

    def _limit_notes(self) -> list[Sample]:
        if self._total <= self._max_rows:
            return []
        message = (
            f"checked the first {self._max_rows:,} of {self._total:,} rows for near duplicates; "
            "later rows were not compared"
        )
        return [Sample(row=None, column=None, value=None, message=message)]


def _finding(pair: NearDuplicatePair, rows: list[int], records: list[tuple[str, ...]]) -> Sample:
    first, second = rows[pair.first], rows[pair.second]
    return Sample(
        row=second,
        column=None,
        value=_excerpt(records[pair.second]),
        message=(
            f"rows {first} and {second} look like the same record written differently "
            f"(similarity {pair.score:.2f})"
        ),
    )


def _text_columns(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> list[int]:
    # Only text is "written differently"; numbers and dates either match or they do not, and
    # comparing them would mostly cost time (a record re-entered with a new amount is still shown).
    strings = [i for i, column in enumerate(columns) if column.type is ColumnType.STRING]
    text = [i for i in strings if _mostly_letters(rows, i)]
    return text or strings or list(range(len(columns)))


def _mostly_letters(rows: Sequence[Sequence[str]], index: int) -> bool:
    values = [cells[index] for cells in rows[:_TYPE_PROBE] if index < len(cells) and cells[index].strip()]
    with_letters = sum(1 for value in values if _LETTER.search(value))
    return with_letters * 2 >= len(values) > 0


def _trimmed(cells: list[str]) -> list[str]:
    return [cell.strip() for cell in cells]


def _excerpt(record: tuple[str, ...]) -> str:
    text = " | ".join(record)
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"
