"""The outlier rule's column statistics with the values in numpy arrays: parsed, sorted and fenced in C.

The domain's `ColumnSpread` parses each cell with Python's `float` and sorts a Python list: at
100,000 rows that was a tenth of the enrichment's cost. Here a chunk of numeric cells is parsed by
Arrow's cast (correctly rounded, as `float` is; a chunk it refuses, such as one with a decimal comma,
"1_000" or " 12 ", goes through the domain's parser cell by cell), kept as float64 and int64
chunks, sorted by numpy, and the values beyond the fences found with one comparison. Results are
the domain's: the same values (exact doubles), the same rows, in file order.

Past `exact_limit` values the domain keeps a thinned sample and the extremes; this class then hands
every chunk it kept to the domain's `add_many`, in the order they came, and lets it carry on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from domain.enrichment.column_spread import ColumnSpread
from domain.enrichment.numeric_cells import NUMERIC_TYPES, parse_column
from domain.validation.report import ColumnType

Array = np.ndarray[Any, Any]
_MAX_SMALL_ROW = 2**32 - 1


class NumpyColumnSpread(ColumnSpread):
    def __post_init__(self) -> None:
        super().__post_init__()
        self._chunks: list[tuple[Array, Array]] = []
        self._handed_over = False
        self._whole: tuple[Array, Array] | None = None

    def add_texts(self, kind: ColumnType, texts: list[str], rows: list[int]) -> None:
        if self._handed_over:
            super().add_texts(kind, texts, rows)
            return
        values, kept = _parsed(kind, texts, rows)
        self._chunks.append((values, _narrow(kept)))
        self._whole = None
        self.count += len(values)
        if self.count > self.exact_limit:  # from here on, the domain's bounded statistics
            chunks, self._chunks, self.count, self._handed_over = self._chunks, [], 0, True
            for values, kept in chunks:
                super().add_many(values.tolist(), kept.tolist())

    def add_many(self, values: list[float], rows: list[int]) -> None:
        if self._handed_over:
            super().add_many(values, rows)
            return
        self._chunks.append((np.asarray(values, dtype=np.float64), _narrow(np.asarray(rows, dtype=np.int64))))
        self._whole = None
        self.count += len(values)
        if self.count > self.exact_limit:
            chunks, self._chunks, self.count, self._handed_over = self._chunks, [], 0, True
            for chunk_values, chunk_rows in chunks:
                super().add_many(chunk_values.tolist(), chunk_rows.tolist())

    def _all(self) -> tuple[Array, Array]:
        if self._whole is None:
            if self._chunks:
                self._whole = (
                    np.concatenate([v for v, _ in self._chunks]),
                    np.concatenate([r for _, r in self._chunks]),
                )
            else:
                self._whole = (np.empty(0), np.empty(0, dtype=np.uint32))
            self._chunks = [self._whole]
        return self._whole

    def every_value(self) -> list[tuple[float, int]]:
        if self._handed_over:
            return super().every_value()
        values, rows = self._all()
        return list(zip(values.tolist(), rows.tolist(), strict=True))

    def beyond(self, low: float, high: float) -> list[tuple[float, int]]:
        if self._handed_over:
            return super().beyond(low, high)
        values, rows = self._all()
        at = np.flatnonzero((values > high) | (values < low))
        return list(zip(values[at].tolist(), rows[at].tolist(), strict=True))

    def sorted_values(self) -> Any:
        """A sorted float64 array (a sequence of floats to the domain's fences)."""
        if self._handed_over:
            return super().sorted_values()
        return np.sort(self._all()[0])


def _narrow(rows: Array) -> Array:
    """Row numbers in 4 bytes while they fit (as the domain keeps them): 12 bytes a value in all."""
    return rows.astype(np.uint32) if not len(rows) or int(rows[-1]) <= _MAX_SMALL_ROW else rows


def _row_numbers(rows: Sequence[int]) -> Array:
    # Rows come in file order, strictly increasing: a run as long as its span is consecutive.
    if isinstance(rows, range) or (rows and rows[-1] - rows[0] == len(rows) - 1):
        return np.arange(rows[0], rows[0] + len(rows), dtype=np.int64)
    return np.asarray(rows, dtype=np.int64)


def _parsed(kind: ColumnType, texts: list[str], rows: list[int]) -> tuple[Array, Array]:
    if kind in NUMERIC_TYPES and texts:
        # Known cost: with Arrow's parse the peak of a 200,000-row file is about 20 MiB higher than
        # with the domain's parser into the same arrays (the system allocator or a copy did not help).
        cells = pa.array(texts, type=pa.string())
        filled = pc.not_equal(cells, "")
        try:
            numbers = pc.cast(cells.filter(filled), pa.float64()).to_numpy()
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            numbers = None
        if numbers is not None and np.isfinite(numbers).all():
            kept = _row_numbers(rows)
            if len(numbers) < len(texts):
                kept = kept[filled.to_numpy(zero_copy_only=False)]
            return numbers, kept
    values, kept_rows = parse_column(kind, texts, rows)
    return np.asarray(values, dtype=np.float64), np.asarray(kept_rows, dtype=np.int64)
