"""The `near-duplicate-row` rule: rows that are the same record written differently."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter, itemgetter

from domain.enrichment.near_duplicate_finder import NearDuplicateFinder, NearDuplicatePair
from domain.enrichment.near_duplicate_settings import NearDuplicateSettings
from domain.validation.reading import collector_paused
from domain.validation.report import Column, RuleStatus, Sample, Severity, Validation

RULE = "near-duplicate-row"
TITLE = "Rows that look like the same record written differently"
_EXCERPT = 120
_SEP = "\x1f"  # kept rows are their cells joined: a string is cheaper to keep than a tuple


class NearDuplicateRowRule:
    """Keeps up to `settings.max_rows` rows; at the end, asks the finder for pairs among the distinct ones.

    Every column is compared (the finder picks a comparison per column type), except those the
    settings leave out. Rows identical after trimming are left to the engine's `duplicate-row` rule.
    `observe` only keeps the row (as one string, which the garbage collector need not track); all
    the work is in `finish`. When a budget runs out the report says the result is partial.
    """

    def __init__(
        self,
        finder: NearDuplicateFinder,
        settings: NearDuplicateSettings | None = None,
        *,
        max_samples: int = 20,
    ) -> None:
        self._finder = finder
        self._settings = settings or NearDuplicateSettings()
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
        if self._settings.enabled and self._total <= self._settings.max_rows:
            joined = _SEP.join(cells)
            if joined.count(_SEP) >= len(cells):  # a cell holds the separator: blank it, rarely needed
                joined = _SEP.join(cell.replace(_SEP, " ") for cell in cells)
            self._kept_rows.append(row)
            self._kept.append(joined)

    def observe_many(self, rows: Sequence[int], records: Sequence[Sequence[str]]) -> None:
        room = self._settings.max_rows - self._total if self._settings.enabled else 0
        self._total += len(rows)
        if room <= 0:
            return
        if len(rows) > room:
            rows, records = rows[:room], records[:room]
        joined = list(map(_SEP.join, records))
        if "".join(joined).count(_SEP) > sum(map(len, records)) - len(records):  # a cell holds _SEP
            joined = [_SEP.join(cell.replace(_SEP, " ") for cell in cells) for cells in records]
        self._kept_rows.extend(rows)
        self._kept.extend(joined)

    def finish(self) -> Validation:
        if not self._settings.enabled:
            return Validation(
                RULE, TITLE + " (switched off for this dataset)", Severity.WARNING, RuleStatus.PASSED
            )
        compared, keys = self._compared_columns()
        # Like the engine's pass: many short-lived objects, no reference cycles, so the collector
        # would only spend time scanning what it cannot free.
        with collector_paused():
            rows, full = self._distinct_rows()
            records = _picked(full, compared)
            found = (
                self._finder(records, max_pairs=self._settings.max_pairs)
                if len(records) > 1 and compared
                else None
            )
        self._kept_rows, self._kept = [], []
        pairs = [
            p for p in (found.pairs if found else []) if not _excused(full[p.first], full[p.second], keys)
        ]
        notes = self._limit_notes(partial=bool(found and found.partial))
        names = [self._columns[i].source_name for i in compared]
        title = TITLE + (" (partial result: a budget ran out)" if notes else "")
        room = max(0, self._max_samples - len(notes))
        # Kept rows are in file order, so indexes sort as row numbers do; only the shown pairs become samples.
        shown = sorted(pairs, key=attrgetter("second", "first"))[:room]
        return Validation(
            rule=RULE,
            title=title,
            severity=Severity.WARNING,
            status=RuleStatus.FAILED if pairs else RuleStatus.PASSED,
            count=len(pairs),
            truncated=len(pairs) > room,
            samples=tuple(notes) + tuple(_finding(pair, rows, records, names) for pair in shown),
        )

    def _compared_columns(self) -> tuple[list[int], list[int]]:
        wanted, keys = set(self._settings.identifying_columns), set(self._settings.key_columns)
        indexes = range(len(self._columns))
        key_indexes = [i for i in indexes if _named(self._columns[i], keys)]
        compared = [
            i for i in indexes if i not in key_indexes and (not wanted or _named(self._columns[i], wanted))
        ]
        return compared, key_indexes

    def _distinct_rows(self) -> tuple[list[int], list[list[str]]]:
        # C-level maps only: each distinct row in order of first appearance, with that first row number.
        kept, kept_rows = self._kept, self._kept_rows
        first_index = dict(zip(reversed(kept), range(len(kept) - 1, -1, -1), strict=True))
        distinct = list(dict.fromkeys(kept))
        rows = list(map(kept_rows.__getitem__, map(first_index.__getitem__, distinct)))
        return rows, list(map(str.split, distinct, repeat(_SEP)))

    def _limit_notes(self, *, partial: bool) -> list[Sample]:
        notes = []
        if self._total > self._settings.max_rows:
            message = (
                f"partial result: compared the first {self._settings.max_rows:,} of {self._total:,} rows "
                "for near duplicates; later rows were not compared"
            )
            notes.append(Sample(row=None, column=None, value=None, message=message))
        if partial:
            message = (
                f"partial result: the budget of {self._settings.max_pairs:,} compared pairs ran out; "
                "rows that share only common values were not compared"
            )
            notes.append(Sample(row=None, column=None, value=None, message=message))
        return notes


def _picked(rows: list[list[str]], indexes: list[int]) -> list[tuple[str, ...]]:
    """The compared cells of each row; itemgetter keeps it in C (rows from the engine are full width)."""
    if not indexes:
        return [() for _ in rows]
    width = max(indexes) + 1
    if len(indexes) == 1 or any(len(cells) < width for cells in rows):
        return [tuple(_cell(cells, i) for i in indexes) for cells in rows]
    return list(map(itemgetter(*indexes), rows))


def _named(column: Column, names: set[str]) -> bool:
    return column.source_name in names or column.name in names


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _excused(a: list[str], b: list[str], keys: list[int]) -> bool:
    """Equal once trimmed (the duplicate-row rule's), or the same declared key (the key check's)."""
    if list(map(str.strip, a)) == list(map(str.strip, b)):
        return True
    return bool(keys) and all(_cell(a, i).strip() == _cell(b, i).strip() for i in keys)


def _finding(
    pair: NearDuplicatePair, rows: list[int], records: list[tuple[str, ...]], names: list[str]
) -> Sample:
    first, second = rows[pair.first], rows[pair.second]
    agree = tuple(names[i] for i in pair.agree)
    differ = tuple(names[i] for i in pair.differ)
    evidence = f"agree: {', '.join(agree) or 'none'}; differ: {', '.join(differ) or 'none'}"
    return Sample(
        row=second,
        column=None,
        value=_excerpt(records[pair.second]),
        message=(
            f"rows {first} and {second} look like the same record written differently "
            f"(match probability {pair.score:.2f}; {evidence})"
        ),
        related_row=first,
        score=pair.score,
        agree=agree,
        differ=differ,
    )


def _excerpt(record: tuple[str, ...]) -> str:
    text = " | ".join(record)
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"
