"""Per-row status for pass 1: 2 bytes a row that say whether the row is invalid, or which misfits it has.

Status 0 is a row with no error and no tracked misfit; 1 is a row with an error known at once (ragged,
undecodable, a required value empty, a misfit of an established type). Any other status is the id of a
*mask*: the set of (column, candidate type) misfits the row has, one bit each. Once the types are chosen,
a mask makes its rows invalid when it holds a bit of a chosen (column, type). Distinct masks are few in
practice (a misfit is rare by construction); past `LIMIT` of them the table overflows and the engine
recounts invalid rows with one more pass instead.
"""

from __future__ import annotations

from collections.abc import Iterable

CLEAN, INVALID = 0, 1
LIMIT = 0xFFFF


def bit(column: int, candidate: int, candidates: int) -> int:
    return 1 << (column * candidates + candidate)


class MaskTable:
    """Gives each distinct misfit mask a small id, so a row's status fits in 2 bytes."""

    def __init__(self) -> None:
        self._ids: dict[int, int] = {}
        self.masks: list[int] = [0, 0]  # ids 0 and 1 are CLEAN and INVALID
        self.overflowed = False

    def status(self, mask: int) -> int:
        found = self._ids.get(mask)
        if found is not None:
            return found
        if len(self.masks) >= LIMIT:
            self.overflowed = True
            return INVALID  # undecidable; the engine recounts when this happened
        self._ids[mask] = len(self.masks)
        self.masks.append(mask)
        return self._ids[mask]

    def invalid_statuses(self, chosen_bits: int) -> set[int]:
        """The statuses whose rows are invalid once the columns' types are chosen."""
        return {INVALID} | {status for status, mask in enumerate(self.masks) if mask & chosen_bits}

    def count_invalid(self, counts: Iterable[tuple[int, int]], chosen_bits: int) -> int:
        invalid = self.invalid_statuses(chosen_bits)
        return sum(rows for status, rows in counts if status in invalid)
