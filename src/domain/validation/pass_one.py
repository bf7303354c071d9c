"""Pass 1's hot loop: checks a batch of records at once when it can, one record at a time when it must.

A batch is clean when one compiled pattern (each column's floor type, no padding, no formula prefix, the
right number of cells) matches all its records joined together, with no undecodable byte and no blank
record. Then only duplicates, empty optional cells and row rules need looking at. A batch that is not
clean is split in halves until the records that need the per-record checks are found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter

from domain.validation.cell_types import ACCEPTS, C_DEC, C_INT, EMPTY, classify, fast_pattern
from domain.validation.column_profile import ColumnProfile
from domain.validation.records import ParseFailure
from domain.validation.report import ColumnType
from domain.validation.row_facts import FORMULA_STARTS, duplicate_key, has_undecodable, undecodable_cell
from domain.validation.row_rule import RowRule
from domain.validation.rules import Rules

_JOIN = "\x00".join
_SMALLEST_SPLIT = 16
_CLASS_CACHE = 65536


class PassOne:
    """Feeds records through every row-level rule and keeps the counts the report needs."""

    def __init__(
        self,
        sources: Sequence[str],
        profiles: list[ColumnProfile],
        rules: Rules,
        *,
        comma_decimal: bool,
        tolerance: float,
        row_rules: Sequence[RowRule],
    ) -> None:
        self.sources, self.profiles, self.rules = sources, profiles, rules
        self.comma_decimal, self.tolerance, self.row_rules = comma_decimal, tolerance, row_rules
        self.width = len(profiles)
        self.total = self.invalid = self.fast_cells = 0
        self.slow_cells = [0] * self.width
        self.seen: dict[int, int] = {}
        self.deviants: list[tuple[int, tuple[tuple[int, int], ...]]] = []
        self._classes: dict[str, int] = {}
        self._patterns: dict[tuple[object, ...], tuple[re.Pattern[str], list[int]]] = {}
        self._blank_key = "\x00" * (self.width - 1)
        self._warming = any(not profile.fixed for profile in profiles)
        self._pattern, self._optional = self._compile()

    # -- batches -------------------------------------------------------------------------------------
    def feed(self, batch: list[list[str]], first_row: int) -> None:
        if self._warming:
            for offset, record in enumerate(batch):
                self._slow(first_row + offset, record)
        else:
            keys = list(map(_JOIN, batch))
            self._split(batch, keys, first_row, 0, len(batch))
        self._after_batch()

    def _split(self, batch: list[list[str]], keys: list[str], first_row: int, low: int, high: int) -> None:
        part = keys[low:high]
        if self._clean(part):
            self._fast(batch[low:high], part, first_row + low)
        elif high - low <= _SMALLEST_SPLIT:
            for index in range(low, high):
                if self._clean(keys[index : index + 1]):
                    self._fast(batch[index : index + 1], keys[index : index + 1], first_row + index)
                else:
                    self._slow(first_row + index, batch[index])
        else:
            middle = (low + high) // 2
            self._split(batch, keys, first_row, low, middle)
            self._split(batch, keys, first_row, middle, high)

    def _clean(self, keys: list[str]) -> bool:
        joined = "\x01".join(keys)
        if joined.count("\x01") != len(keys) - 1 or joined.count("\x00") != len(keys) * (self.width - 1):
            return False  # a cell holds a separator character: check each record on its own
        if not joined.isascii() and has_undecodable((joined,)):
            return False
        return self._blank_key not in keys and self._pattern.fullmatch(joined) is not None

    def _fast(self, records: list[list[str]], keys: list[str], first_row: int) -> None:
        count = len(records)
        self.total += count
        self.fast_cells += count
        hashes = list(map(hash, keys))
        seen = self.seen
        if len(set(hashes)) == count and seen.keys().isdisjoint(hashes):
            seen.update(zip(hashes, range(first_row, first_row + count), strict=True))
        else:
            for offset, digest in enumerate(hashes):
                row = first_row + offset
                first = seen.setdefault(digest, row)
                if first != row:
                    self._duplicate(row, first, records[offset])
                    self.invalid += 1
        for index in self._optional:
            cells = list(map(itemgetter(index), records))
            empties = cells.count("")
            if empties:
                self.profiles[index].empties += empties
                self._empty_cells(cells, empties, first_row, index)
        if self.row_rules:
            for offset, record in enumerate(records):
                for rule in self.row_rules:
                    rule.observe(first_row + offset, record)

    def _empty_cells(self, cells: list[str], empties: int, first_row: int, index: int) -> None:
        tally = self.rules.missing_value
        position = -1
        for _ in range(empties):
            if not tally.wants_samples:
                tally.count += 1
                continue
            position = cells.index("", position + 1)
            tally.add(first_row + position, self.sources[index], "", "empty value")

    # -- one record ----------------------------------------------------------------------------------
    def _slow(self, row: int, record: list[str]) -> None:
        rules = self.rules
        if isinstance(record, ParseFailure):
            self.total += 1
            self.invalid += 1
            rules.parse_error.add(row, None, None, record.message)
            return
        if not "".join(record).strip():
            rules.blank_row.add(row, None, None, "blank row (not loaded)")
            return
        self.total += 1
        width, length = self.width, len(record)
        bad = False
        if length < width:
            bad = True
            rules.missing_cell.add(row, self.sources[length], None, f"row has {length} of {width} cells")
        elif length > width:
            bad = True
            extra = ",".join(record[width:])
            rules.extra_cell.add(row, None, extra, f"row has {length} cells, the header has {width}")
        if has_undecodable(record):
            bad = True
            index = undecodable_cell(record)
            column = self.sources[index] if index < width else None
            rules.encoding.add(row, column, record[index], "bytes that are not valid in the file's encoding")
        deviant: list[tuple[int, int]] = []
        for index in range(min(length, width)):
            value = record[index]
            profile = self.profiles[index]
            self.slow_cells[index] += 1
            cls = self._classify(value)
            if cls == EMPTY:
                profile.empties += 1
                if profile.required:
                    bad = True
                    rules.missing_value.escalate()
                    rules.missing_value.add(row, self.sources[index], value, "required value is empty")
                else:
                    rules.missing_value.add(row, self.sources[index], value, "empty value")
                continue
            profile.observe(cls, row, value)
            if cls not in profile.accepted:
                if profile.fixed:
                    bad = True
                else:
                    deviant.append((index, cls))
            if cls != C_INT and cls != C_DEC and value.lstrip().startswith(FORMULA_STARTS):
                rules.formula_injection.add(
                    row, self.sources[index], value, "a spreadsheet would run this as a formula"
                )
        first = self.seen.setdefault(duplicate_key(record), row)
        if first != row:
            bad = True
            self._duplicate(row, first, record)
        if self.row_rules:
            cells = record[:width] + [""] * (width - length)
            for rule in self.row_rules:
                rule.observe(row, cells)
        if bad:
            self.invalid += 1
        elif deviant:
            self.deviants.append((row, tuple(deviant)))

    def _classify(self, value: str) -> int:
        cls = self._classes.get(value)
        if cls is None:
            if len(self._classes) >= _CLASS_CACHE:
                self._classes.clear()
            cls = self._classes[value] = classify(value, self.comma_decimal)
        return cls

    def _duplicate(self, row: int, first: int, record: list[str]) -> None:
        self.rules.duplicate_row.add(row, None, ",".join(record), f"duplicate of row {first}")

    # -- between batches -----------------------------------------------------------------------------
    def nonempty(self, index: int) -> int:
        return self.fast_cells + self.slow_cells[index] - self.profiles[index].empties

    def _after_batch(self) -> None:
        raised = False
        for index, profile in enumerate(self.profiles):
            if not profile.fixed:
                raised |= profile.raise_floor(self.nonempty(index), self.tolerance)
        self._warming = False
        if raised:
            self.deviants = self._still_deviant([profile.accepted for profile in self.profiles])
        self._pattern, self._optional = self._compile()

    def _still_deviant(self, accepted: list[frozenset[int]]) -> list[tuple[int, tuple[tuple[int, int], ...]]]:
        kept = []
        for row, cells in self.deviants:
            left = tuple((index, cls) for index, cls in cells if cls not in accepted[index])
            if left:
                kept.append((row, left))
        return kept

    def _compile(self) -> tuple[re.Pattern[str], list[int]]:
        optional = [
            index
            for index, profile in enumerate(self.profiles)
            if profile.floor is None or (not profile.required and (profile.empties or profile.fixed))
        ]
        key = (tuple(profile.floor for profile in self.profiles), tuple(optional))
        if key not in self._patterns:
            cells = []
            for index, profile in enumerate(self.profiles):
                cell = fast_pattern(profile.floor, self.comma_decimal)
                cells.append(f"(?:{cell})?" if index in optional else f"(?:{cell})")
            row = "\x00".join(cells)
            self._patterns[key] = (re.compile(f"{row}(?:\x01{row})*"), optional)
        return self._patterns[key]

    def invalid_rows(self, final: list[ColumnType]) -> int:
        """Rows with an error: those known at once plus those whose values misfit the final types."""
        accepted = [ACCEPTS[kind] for kind in final]
        return self.invalid + len(self._still_deviant(accepted))
