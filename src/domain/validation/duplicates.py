"""Finding duplicate rows with about 10 bytes of memory per row.

Per row only an 8-byte digest (`array('q')`) and a 2-byte status (`array('H')`, see `row_status`) are
kept, in file order; row numbers are not stored but derived from the ordinal, since only blank and broken
records (kept in a short list of gaps) are not hashed. The digest is Python's `hash()` of the row's
trimmed cells joined: SipHash, 64 bits, so a false duplicate needs a collision (about 1 in 10^7 for a
file of 10^6 rows). `hash()` of a str is salted per process; that is fine because both passes of one
file run in one process, and pass 2 is normally handed the duplicate rows found here (`LoadPlan`).

Duplicates are found at the end: the digests' high 32 bits are sorted in chunks (a transient 4 bytes per
row), the chunks are cut into value ranges with `bisect`, and each range is checked with a set, so no
structure ever holds Python objects for the whole file. High halves seen twice are candidates, checked on
all 64 bits; only true repeats are then looked up in file order.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from itertools import compress, count, repeat
from operator import rshift

_CHUNK = 1 << 14
_SPAN = 1 << 64
_SPAN_HIGH = 1 << 32
_LOWEST_HIGH = -(1 << 31)


class Duplicate:
    """A row equal to an earlier one: its row, the first row, and its own status."""

    __slots__ = ("first", "row", "status")

    def __init__(self, row: int, first: int, status: int) -> None:
        self.row, self.first, self.status = row, first, status


class DuplicateDetector:
    """Collects one digest and status per hashed row; `duplicates()` names each repeat's first row."""

    def __init__(self, first_row: int = 2) -> None:
        self.digests = array("q")
        self.statuses = array("H")
        self._first_row = first_row
        self._gaps: list[tuple[int, int]] = []  # (ordinal, rows skipped before it so far)
        self._skipped = 0

    def __len__(self) -> int:
        return len(self.digests)

    def skip(self, rows: int = 1) -> None:
        """Rows that are numbered but not hashed (blank or broken records) at the current position."""
        self._skipped += rows
        if self._gaps and self._gaps[-1][0] == len(self.digests):
            self._gaps.pop()  # consecutive skips need one entry
        self._gaps.append((len(self.digests), self._skipped))

    def add(self, digests: Iterable[int], statuses: Iterable[int]) -> None:
        self.digests.extend(digests)
        self.statuses.extend(statuses)

    def row_of(self, ordinal: int) -> int:
        position = bisect_right(self._gaps, (ordinal, _SPAN)) - 1
        skipped = self._gaps[position][1] if position >= 0 else 0
        return self._first_row + ordinal + skipped

    def duplicates(self) -> list[Duplicate]:
        """Every repeated row in file order (the first occurrence of each digest is not a duplicate)."""
        repeated = self._repeated_digests()
        if not repeated:
            return []
        first_seen: dict[int, int] = {}
        found: list[Duplicate] = []
        ordinals = compress(count(), map(repeated.__contains__, self.digests))
        for ordinal in ordinals:
            digest = self.digests[ordinal]
            first = first_seen.setdefault(digest, ordinal)
            if first != ordinal:
                found.append(Duplicate(self.row_of(ordinal), self.row_of(first), self.statuses[ordinal]))
        return found

    def _repeated_digests(self) -> set[int]:
        digests = self.digests
        if len(digests) <= _CHUNK:
            return _repeated(digests)
        # Sorted runs of the digests' high 32 bits (4 bytes a row) point at the candidates; the candidates
        # are then checked on all 64 bits.
        runs = [
            array("i", sorted(map(rshift, digests[low : low + _CHUNK], repeat(32))))
            for low in range(0, len(digests), _CHUNK)
        ]
        parts = 4 * len(runs)
        candidates: set[int] = set()
        starts = [0] * len(runs)
        for part in range(1, parts + 1):
            high = _LOWEST_HIGH + _SPAN_HIGH * part // parts
            items: list[int] = []
            for index, run in enumerate(runs):
                end = bisect_left(run, high, starts[index]) if part < parts else len(run)
                items.extend(run[starts[index] : end])
                starts[index] = end
            candidates |= _repeated(items)
        del runs
        if not candidates:
            return set()
        return _repeated(compress(digests, map(candidates.__contains__, map(rshift, digests, repeat(32)))))


def _repeated(digests: Iterable[int]) -> set[int]:
    items = list(digests)
    if len(set(items)) == len(items):
        return set()
    return {digest for digest, seen in Counter(items).items() if seen > 1}
