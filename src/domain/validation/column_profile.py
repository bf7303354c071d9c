"""What one column's values have shown so far, without keeping the values.

Type inference works on counts: for every candidate type, how many non-empty values do not fit it, plus
the first misfits as samples. After the first batch a column gets a *floor*: the narrowest type its values
fit within the tolerance. Later batches can only widen the floor (integer → decimal → string, date →
datetime → string, boolean → string), which is what lets the hot loop check a whole batch against one
compiled pattern; the final type is the narrowest type at or above the floor that still fits the
tolerance. With an established schema the type is fixed and every misfit is an error at once.
"""

from __future__ import annotations

from domain.validation.cell_types import ACCEPTS, TYPE_ORDER, WIDER
from domain.validation.report import ColumnType

_INDEX = {kind: index for index, kind in enumerate(TYPE_ORDER)}
# For each value class, the indexes (in TYPE_ORDER) of the types it does not fit.
_MISFITS: tuple[tuple[int, ...], ...] = tuple(
    tuple(index for index, kind in enumerate(TYPE_ORDER) if cls not in ACCEPTS[kind]) for cls in range(7)
)


class ColumnProfile:
    """Counts and misfit samples of one column, and its current floor type."""

    __slots__ = ("accepted", "empties", "fixed", "floor", "max_samples", "misfits", "required", "samples")

    def __init__(self, max_samples: int, fixed: ColumnType | None = None, required: bool = False) -> None:
        self.max_samples = max_samples
        self.fixed = fixed is not None
        self.required = required
        self.floor: ColumnType | None = fixed
        self.accepted: frozenset[int] = ACCEPTS[fixed] if fixed else frozenset()
        self.empties = 0
        self.misfits = [0] * len(TYPE_ORDER)
        self.samples: list[list[tuple[int, str]]] = [[] for _ in TYPE_ORDER]

    def observe(self, cls: int, row: int, value: str) -> None:
        """Count a non-empty value of class `cls` against every type it does not fit."""
        misfits, samples, cap = self.misfits, self.samples, self.max_samples
        for index in _MISFITS[cls]:
            misfits[index] += 1
            if len(samples[index]) < cap:
                samples[index].append((row, value))

    def best_type(self, nonempty: int, tolerance: float) -> ColumnType | None:
        """The narrowest type at or above the floor whose misfits stay within the tolerance."""
        if self.fixed:
            return self.floor
        if nonempty == 0:
            return self.floor
        allowed = tolerance * nonempty
        for kind in WIDER[self.floor] if self.floor else TYPE_ORDER:
            if self.misfits[_INDEX[kind]] <= allowed:
                return kind
        return ColumnType.STRING

    def raise_floor(self, nonempty: int, tolerance: float) -> bool:
        """Move the floor to the best type so far; True when it changed."""
        kind = self.best_type(nonempty, tolerance)
        if kind is self.floor:
            return False
        self.floor = kind
        self.accepted = ACCEPTS[kind] if kind else frozenset()
        return True

    def misfits_of(self, kind: ColumnType) -> tuple[int, list[tuple[int, str]]]:
        index = _INDEX[kind]
        return self.misfits[index], self.samples[index]
