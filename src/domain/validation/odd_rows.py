"""The checks of one odd row (broken, blank, ragged, undecodable...), a cell at a time.

They apply the same decisions as the column checks: a row with an error known at once gets status
INVALID; misfits of tracked candidates become the row's mask; untracked ones mark the candidate incomplete.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.validation.cell_types import C_DEC, C_INT, C_TEXT, EMPTY
from domain.validation.column_profile import CANDIDATE_COUNT, CANDIDATES, MISFIT_CLASSES, ColumnProfile
from domain.validation.column_scan import ColumnScanner
from domain.validation.pending_samples import PendingSamples
from domain.validation.records import ParseFailure
from domain.validation.report import ColumnType
from domain.validation.row_facts import (
    FORMULA_STARTS,
    duplicate_key,
    has_undecodable,
    is_blank,
    undecodable_cell,
)
from domain.validation.row_status import CLEAN, INVALID, MaskTable, bit
from domain.validation.rules import Rules

# For each value class, the candidate types (indexes) it does not fit.
_MISFITS_OF_CLASS = tuple(
    tuple(candidate for candidate in range(CANDIDATE_COUNT) if cls in MISFIT_CLASSES[candidate])
    for cls in range(C_TEXT + 1)
)


class OddRows:
    """Checks rows the column checks leave out; returns (digest, status), or None for rows not hashed."""

    def __init__(
        self,
        sources: Sequence[str],
        profiles: list[ColumnProfile],
        rules: Rules,
        scanner: ColumnScanner,
        pending: PendingSamples,
        masks: MaskTable,
    ) -> None:
        self.sources, self.profiles, self.rules = sources, profiles, rules
        self.scanner, self.pending, self.masks = scanner, pending, masks
        self.width = len(profiles)

    def check(self, row: int, record: list[str], tracked: list[list[int]]) -> tuple[int, int] | None:
        rules, pending, sources, width = self.rules, self.pending, self.sources, self.width
        if isinstance(record, ParseFailure):
            pending.add(rules.parse_error, row, -1, None, None, record.message)
            return None
        if is_blank(record):
            pending.add(rules.blank_row, row, -1, None, None, "blank row (not loaded)")
            return None
        length = len(record)
        bad = length != width
        if length < width:
            message = f"row has {length} of {width} cells"
            pending.add(rules.missing_cell, row, length, sources[length], None, message)
        elif length > width:
            message = f"row has {length} cells, the header has {width}"
            pending.add(rules.extra_cell, row, width, None, ",".join(record[width:]), message)
        if has_undecodable(record):
            bad = True
            index = undecodable_cell(record)
            column = sources[index] if index < width else None
            message = "bytes that are not valid in the file's encoding"
            pending.add(rules.encoding, row, index, column, record[index], message)
        mask = 0
        for index, value in enumerate(record[:width]):
            cell_bad, cell_mask = self._cell(row, index, value, tracked[index])
            bad = bad or cell_bad
            mask |= cell_mask
        status = INVALID if bad else self.masks.status(mask) if mask else CLEAN
        return hash(duplicate_key(record)), status

    def _cell(self, row: int, index: int, value: str, tracked: list[int]) -> tuple[bool, int]:
        profile, rules = self.profiles[index], self.rules
        cls = self.scanner.classes_of((value,))[0]
        profile.classes[cls] += 1
        if cls == EMPTY:
            if profile.by_contract:
                return False, 0
            if profile.required:
                rules.missing_value.escalate()
            message = "required value is empty" if profile.required else "empty value"
            self.pending.add(rules.missing_value, row, index, self.sources[index], value, message)
            return profile.required, 0
        bad, mask = False, 0
        fixed = profile.fixed
        for candidate in _MISFITS_OF_CLASS[cls]:
            if fixed is not None and CANDIDATES[candidate] is not fixed:
                continue
            profile.samples[candidate].append((row, value))
            if fixed is not None and fixed is not ColumnType.STRING:
                bad = True
            elif candidate in tracked:
                mask |= bit(index, candidate, CANDIDATE_COUNT)
            else:
                profile.incomplete[candidate] = True
        if cls != C_INT and cls != C_DEC and value.lstrip().startswith(FORMULA_STARTS):
            message = "a spreadsheet would run this as a formula"
            self.pending.add(rules.formula_injection, row, index, self.sources[index], value, message)
        return bad, mask
