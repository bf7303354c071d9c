"""The `near-duplicate-row` rule: rows that are the same record written differently."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from itertools import islice

from domain.enrichment.near_duplicate_finder import NearDuplicateFinder, NearDuplicatePair, NearDuplicates
from domain.enrichment.near_duplicate_settings import NearDuplicateSettings
from domain.validation.reading import collector_paused
from domain.validation.report import Column, RuleStatus, Sample, Severity, Validation

RULE = "near-duplicate-row"
TITLE = "Rows that look like the same record written differently"
_EXCERPT = 120


class NearDuplicateRowRule:
    """Hands up to `settings.max_rows` rows to a finder; at the end, asks it for pairs.

    Every column is compared (the finder picks a comparison per column type), except those the
    settings leave out. Rows identical after trimming are left to the engine's `duplicate-row` rule.
    The finder keeps the rows in its own form (`new_finder` makes one per file); all the work is in
    `finish`. When a budget runs out the report says the result is partial.
    """

    def __init__(
        self,
        new_finder: Callable[[], NearDuplicateFinder],
        settings: NearDuplicateSettings | None = None,
        *,
        max_samples: int = 20,
    ) -> None:
        self._new_finder = new_finder
        self._finder = new_finder()
        self._settings = settings or NearDuplicateSettings()
        self._max_samples = max_samples
        self._columns: list[Column] = []
        self._kept_rows = array("q")  # 8 bytes a row (a list of ints: about 40)
        self._total = 0

    def start(self, columns: Sequence[Column]) -> None:
        self._columns = list(columns)
        self._finder = self._new_finder()
        self._kept_rows, self._total = array("q"), 0

    def observe(self, row: int, cells: Sequence[str]) -> None:
        self.observe_many([row], [cells])

    def observe_many(self, rows: Sequence[int], records: Sequence[Sequence[str]]) -> None:
        room = self._settings.max_rows - self._total if self._settings.enabled else 0
        self._total += len(rows)
        if room <= 0:
            return
        if len(rows) > room:
            rows, records = rows[:room], records[:room]
        self._kept_rows.extend(rows)
        self._finder.keep(records)

    def observe_columns(self, rows: Sequence[int], columns: Sequence[Sequence[str]]) -> None:
        room = self._settings.max_rows - self._total if self._settings.enabled else 0
        self._total += len(rows)
        if room <= 0:
            return
        if len(rows) > room:
            rows, columns = rows[:room], [cells[:room] for cells in columns]
        self._kept_rows.extend(rows)
        self._finder.keep_columns(columns)

    def finish(self) -> Validation:
        if not self._settings.enabled:
            return Validation(
                RULE, TITLE + " (switched off for this dataset)", Severity.WARNING, RuleStatus.PASSED
            )
        compared, keys = self._compared_columns()
        # Like the engine's pass: many short-lived objects, no reference cycles, so the collector
        # would only spend time scanning what it cannot free.
        with collector_paused():
            found = (
                self._finder.find(compared, max_pairs=self._settings.max_pairs)
                if len(self._kept_rows) > 1 and compared
                else NearDuplicates()
            )
            excused = self._excused(found, keys)
            notes = self._limit_notes(partial=found.partial)
            room = max(0, self._max_samples - len(notes))
            # Pairs come sorted as their rows are (second, first): only the shown ones become samples.
            shown = islice((k for k in range(len(found)) if k not in excused), room)
            samples = [self._finding(found.pair(k), compared) for k in shown]
        count = len(found) - len(excused)
        # The kept rows are not needed any more.
        self._kept_rows, self._finder = array("q"), self._new_finder()
        return Validation(
            rule=RULE,
            title=TITLE + (" (partial result: a budget ran out)" if notes else ""),
            severity=Severity.WARNING,
            status=RuleStatus.FAILED if count else RuleStatus.PASSED,
            count=count,
            truncated=count > room,
            samples=tuple(notes) + tuple(samples),
        )

    def _excused(self, found: NearDuplicates, keys: list[int]) -> set[int]:
        """Pairs equal once trimmed (the duplicate-row rule's) or sharing a declared key (the key check's).

        Only pairs whose compared columns were all equal or empty can be equal once trimmed: unless
        a key is declared, the others are not looked at.
        """
        equal = {p for p, evidence in enumerate(found.patterns) if evidence.equal}
        suspects = range(len(found)) if keys else [k for k, p in enumerate(found.evidence) if p in equal]
        record = self._finder.record
        return {k for k in suspects if _excused(record(found.first[k]), record(found.second[k]), keys)}

    def _compared_columns(self) -> tuple[list[int], list[int]]:
        wanted, keys = set(self._settings.identifying_columns), set(self._settings.key_columns)
        indexes = range(len(self._columns))
        key_indexes = [i for i in indexes if _named(self._columns[i], keys)]
        compared = [
            i for i in indexes if i not in key_indexes and (not wanted or _named(self._columns[i], wanted))
        ]
        return compared, key_indexes

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

    def _finding(self, pair: NearDuplicatePair, compared: list[int]) -> Sample:
        first, second = self._kept_rows[pair.first], self._kept_rows[pair.second]
        agree = tuple(self._columns[i].source_name for i in pair.agree)
        differ = tuple(self._columns[i].source_name for i in pair.differ)
        evidence = f"agree: {', '.join(agree) or 'none'}; differ: {', '.join(differ) or 'none'}"
        cells = self._finder.record(pair.second)
        return Sample(
            row=second,
            column=None,
            value=_excerpt([_cell(cells, i) for i in compared]),
            message=(
                f"rows {first} and {second} look like the same record written differently "
                f"(match probability {pair.score:.2f}; {evidence})"
            ),
            related_row=first,
            score=pair.score,
            agree=agree,
            differ=differ,
        )


def _named(column: Column, names: set[str]) -> bool:
    return column.source_name in names or column.name in names


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _excused(a: Sequence[str], b: Sequence[str], keys: list[int]) -> bool:
    """Equal once trimmed (the duplicate-row rule's), or the same declared key (the key check's)."""
    if list(map(str.strip, a)) == list(map(str.strip, b)):
        return True
    return bool(keys) and all(_cell(a, i).strip() == _cell(b, i).strip() for i in keys)


def _excerpt(record: list[str]) -> str:
    text = " | ".join(record)
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"
