"""Bounded-memory statistics of one column: an evenly thinned sample plus the most extreme values seen.

Quantiles (median, MAD) come from a sample of at most `reservoir_size` values, exact below that.
Above it the sample is thinned by decimation: every `stride`-th value is kept, and when the sample
is full every other kept value is dropped and the stride doubles, so each value ends up kept with
probability about 1/stride. Why not a reservoir (Algorithm L): with 10,000 slots it replaces ~23,000
values per 100,000 rows, each a few RNG calls in Python, which was most of the rule's cost; slicing
is done in C. The start of each chunk's slice is random so periodic files (rows alternating two
kinds) are not sampled on one phase only.

Outliers can only be named with their rows if they are kept, and a second pass over the file is
impossible. So up to `exact_limit` values the column is kept whole (12 bytes a value, in arrays the
garbage collector ignores): quantiles and outlier counts are exact. Beyond it the whole copy is
dropped and only the `extremes` largest and smallest values are kept with their rows: any outlier is
among them unless more than `extremes` values lie beyond one fence, in which case the count is a
lower bound.
"""

from __future__ import annotations

import heapq
import random
from array import array
from dataclasses import dataclass, field
from itertools import chain, compress, count

from domain.enrichment.numeric_cells import parse_column
from domain.validation.report import ColumnType

_MAX_SMALL_ROW = 2**32 - 1  # row numbers kept in 4 bytes up to here (a file of 8 GB at least beyond)


@dataclass
class ColumnSpread:
    reservoir_size: int = 10_000
    extremes: int = 200
    exact_limit: int = 1_000_000
    seed: int = 0
    count: int = 0
    _sample: list[float] = field(default_factory=list)
    _largest: list[tuple[float, int]] = field(default_factory=list)
    _smallest: list[tuple[float, int]] = field(default_factory=list)  # stored negated: a min-heap of -value
    _values: array[float] = field(default_factory=lambda: array("d"))
    _rows: array[int] = field(default_factory=lambda: array("I"))  # 4 bytes a row; "q" beyond 2**32
    _rng: random.Random = field(init=False)
    _stride: int = field(init=False, default=1)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 - sampling, not security; fixed seed = reproducible report

    def add(self, value: float, row: int) -> None:
        self.add_many([value], [row])

    def add_texts(self, kind: ColumnType, texts: list[str], rows: list[int]) -> None:
        """Adds the cells of a column of type `kind` that parse (empty and bad cells are left out)."""
        self.add_many(*parse_column(kind, texts, rows))

    def add_many(self, values: list[float], rows: list[int]) -> None:
        """Adds each value with its row; works a chunk at a time."""
        self._thin_into_sample(values)
        self._keep_extremes(values, rows)
        self.count += len(values)
        if self.count <= self.exact_limit:
            if rows and self._rows.typecode == "I" and max(rows) > _MAX_SMALL_ROW:
                self._rows = array("q", self._rows)
            self._values.extend(values)
            self._rows.extend(rows)
        elif self._values:
            self._values, self._rows = array("d"), array("I")

    @property
    def is_exact(self) -> bool:
        """Every value is kept: `every_value` is the whole column."""
        return self.count <= self.exact_limit

    def every_value(self) -> list[tuple[float, int]]:
        """Each value with its row, in file order (only while `is_exact`)."""
        return list(zip(self._values, self._rows, strict=True))

    def beyond(self, low: float, high: float) -> list[tuple[float, int]]:
        """Each value below `low` or above `high` with its row, in file order (only while `is_exact`).

        The comparisons are C-level maps over the kept array: no Python step per value.
        """
        values = self._values
        at = sorted(
            chain(
                compress(count(), map(float(high).__lt__, values)),
                compress(count(), map(float(low).__gt__, values)),
            )
        )
        return [(values[i], self._rows[i]) for i in at]

    def sorted_values(self) -> array[float]:
        """The whole column sorted while `is_exact`, else the thinned sample sorted.

        An array (8 bytes a value): a list of a million floats is 32 MB, held while the fences are
        worked out; the sorted list is let go as soon as it is copied.
        """
        return array("d", sorted(self._values) if self.is_exact else self.sample())

    def sample(self) -> list[float]:
        return sorted(self._sample)

    def largest(self) -> list[tuple[float, int]]:
        """Kept high extremes, largest first."""
        return sorted(self._largest, reverse=True)

    def smallest(self) -> list[tuple[float, int]]:
        """Kept low extremes, smallest first."""
        return sorted(((-negated, row) for negated, row in self._smallest), key=lambda pair: pair[0])

    def _thin_into_sample(self, values: list[float]) -> None:
        start = self._rng.randrange(self._stride) if self._stride > 1 else 0
        self._sample.extend(values[start :: self._stride])
        while len(self._sample) > self.reservoir_size > 0:
            self._sample = self._sample[self._rng.randrange(2) :: 2]
            self._stride *= 2

    def _keep_extremes(self, values: list[float], rows: list[int]) -> None:
        filled = max(0, min(len(values), self.extremes - len(self._largest)))
        for value, row in zip(values[:filled], rows[:filled], strict=True):
            heapq.heappush(self._largest, (value, row))
            heapq.heappush(self._smallest, (-value, row))
        if filled == len(values) or not self._largest:
            return
        # Only values beyond the kept ones can enter: C-level max/min skip most chunks outright.
        values, rows = values[filled:], rows[filled:]
        # compress/map keep the scan in C; float() so that int ordinals compare through float.__lt__.
        if max(values) > self._largest[0][0]:
            above = float(self._largest[0][0]).__lt__
            for i in list(compress(range(len(values)), map(above, values))):
                if values[i] > self._largest[0][0]:
                    heapq.heapreplace(self._largest, (values[i], rows[i]))
        if -min(values) > self._smallest[0][0]:
            below = float(-self._smallest[0][0]).__gt__
            for i in list(compress(range(len(values)), map(below, values))):
                if -values[i] > self._smallest[0][0]:
                    heapq.heapreplace(self._smallest, (-values[i], rows[i]))
