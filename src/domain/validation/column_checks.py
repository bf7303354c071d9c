"""The checks of one batch's regular rows, a column at a time.

Per column: add the batch's class counts to the profile, then decide which candidate types are tracked
(`ColumnProfile.tracked`). Only when a tracked candidate (or one still short of samples, or an established
type) has misfits in this batch are the cells' classes needed, to find their rows; otherwise the counts
from the shape match are all there is to know. Empty cells and formula-looking text are found the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.validation.cell_types import C_TEXT, EMPTY
from domain.validation.column_profile import CANDIDATE_COUNT, CANDIDATES, MISFIT_CLASSES, ColumnProfile
from domain.validation.column_scan import ColumnScanner, dominant_shape
from domain.validation.pending_samples import PendingSamples
from domain.validation.report import ColumnType
from domain.validation.row_facts import FORMULA_STARTS
from domain.validation.row_status import bit
from domain.validation.rules import Rules

_MISFIT_SETS = tuple(frozenset(classes) for classes in MISFIT_CLASSES)


class ColumnChecks:
    """Checks the columns of regular rows and records which rows misfit which candidate types."""

    def __init__(
        self,
        sources: Sequence[str],
        profiles: list[ColumnProfile],
        rules: Rules,
        scanner: ColumnScanner,
        pending: PendingSamples,
        tolerance: float,
    ) -> None:
        self.sources, self.profiles, self.rules = sources, profiles, rules
        self.scanner, self.pending, self.tolerance = scanner, pending, tolerance
        self.tracked: list[list[int]] = [[] for _ in profiles]

    def check(
        self, columns: list[tuple[str, ...]], rows: list[int], masks: dict[int, int], bad: set[int]
    ) -> list[Sequence[str]] | None:
        """Check every column; fill `masks` (row index → misfit bits) and `bad` (rows with an error).

        Returns the columns with their cells trimmed when any cell was padded (for the duplicate key).
        """
        stripped: list[Sequence[str]] = list(columns)
        padded = False
        for index, (profile, cells) in enumerate(zip(self.profiles, columns, strict=True)):
            if self._column(index, profile, cells, rows, masks, bad):
                padded = True
                stripped[index] = list(map(str.strip, cells))
        return stripped if padded else None

    def _column(
        self,
        index: int,
        profile: ColumnProfile,
        cells: tuple[str, ...],
        rows: list[int],
        masks: dict[int, int],
        bad: set[int],
    ) -> bool:
        scan, profile.route = self.scanner.scan(cells, profile.shape, profile.route)
        counts, classes = scan.counts, scan.classes
        profile.add_counts(counts)
        profile.shape = dominant_shape(counts) or profile.shape
        tracked = self.tracked[index] = profile.tracked(self.tolerance)
        fixed = None if profile.fixed in (None, ColumnType.STRING) else CANDIDATES.index(profile.fixed)
        for candidate in range(CANDIDATE_COUNT):
            if profile.fixed is not None and candidate != fixed:
                continue
            if not profile.misfits(candidate, counts):
                continue
            is_tracked = candidate in tracked or candidate == fixed
            if not (is_tracked or profile.wants_samples(candidate)):
                profile.incomplete[candidate] = True
                continue
            if classes is None:
                classes = self.scanner.classes_of(cells)
            misfit = _MISFIT_SETS[candidate]
            positions = [position for position, cls in enumerate(classes) if cls in misfit]
            room = profile.max_samples - len(profile.samples[candidate])
            profile.samples[candidate].extend(
                (rows[position], cells[position]) for position in positions[:room]
            )
            if candidate == fixed:
                bad.update(positions)
            elif is_tracked:
                flag = bit(index, candidate, CANDIDATE_COUNT)
                for position in positions:
                    masks[position] = masks.get(position, 0) | flag
            else:
                profile.incomplete[candidate] = True
        if counts[EMPTY] and not profile.by_contract:
            self._empties(index, profile, cells, classes, counts[EMPTY], rows, bad)
        if scan.formulas or (classes is not None and counts[C_TEXT]):
            if classes is None:
                classes = self.scanner.classes_of(cells)
            self._formulas(index, cells, classes, rows)
        return scan.padded

    def _empties(
        self,
        index: int,
        profile: ColumnProfile,
        cells: tuple[str, ...],
        classes: list[int] | None,
        empties: int,
        rows: list[int],
        bad: set[int],
    ) -> None:
        """`empties` is the batch's count of empty cells, those holding only spaces included."""
        tally = self.rules.missing_value
        if profile.required:
            tally.escalate()
        elif not tally.wants_samples:
            tally.count += empties
            return
        if classes is None:
            positions = [position for position, cell in enumerate(cells) if not cell.strip()]
        else:
            positions = [position for position, cls in enumerate(classes) if cls == EMPTY]
        tally.count += len(positions)
        message = "required value is empty" if profile.required else "empty value"
        for position in positions[: tally.max_samples]:
            self.pending.note(tally, rows[position], index, self.sources[index], cells[position], message)
        if profile.required:
            bad.update(positions)

    def _formulas(self, index: int, cells: tuple[str, ...], classes: list[int], rows: list[int]) -> None:
        tally = self.rules.formula_injection
        message = "a spreadsheet would run this as a formula"
        for position, cls in enumerate(classes):
            if cls == C_TEXT and cells[position].lstrip().startswith(FORMULA_STARTS):
                self.pending.add(tally, rows[position], index, self.sources[index], cells[position], message)
