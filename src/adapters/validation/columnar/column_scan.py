"""A column of an Arrow batch scanned with Arrow's regex kernels; Python classifies only what they miss.

`ColumnChecks` asks its scanner for the class counts of a column. This scanner tests the column's usual
shape (the one the previous batch showed; each shape in turn on a first batch) with one kernel call:
- every cell fits it or is empty: the counts follow from two or three sums, no cell becomes a Python
  string, and the scan says what the row engine's pattern route says (no padding, no formula);
- most cells fit: only the others are classified in Python (`classify`, cached), and the scan gives every
  cell's class, as the row engine's per-cell route does;
- otherwise (or when a cell that misses is padded: which route the row engine took then matters for the
  duplicate key) the column becomes Python strings once (`ArrowCells`) and the row engine's scanner
  takes over, exactly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from adapters.validation.columnar.cell_patterns import BOOL_SPELLINGS, WIDER_MARKS, cell_pattern
from domain.validation.cell_types import (
    C_BOOL,
    C_DATE,
    C_DATETIME,
    C_DEC,
    C_INT,
    C_TEXT,
    EMPTY,
    SHAPE_CLASSES,
)
from domain.validation.column_scan import CLASS_COUNT, ColumnScan, ColumnScanner


class ArrowCells(Sequence[str]):
    """One column of a batch: the Arrow array, turned into Python strings only when first read."""

    __slots__ = ("_cells", "array", "classes", "fitted")

    def __init__(self, array: pa.Array) -> None:
        self.array = array
        self._cells: tuple[str, ...] | None = None
        self.fitted: tuple[int, pa.Array] | None = None  # (shape, empty mask) when every cell fit
        self.classes: list[int] | None = None

    @property
    def cells(self) -> tuple[str, ...]:
        if self._cells is None:
            self._cells = tuple(self.array.to_pylist())
        return self._cells

    def __len__(self) -> int:
        return len(self.array)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self.cells[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.cells)


class ArrowColumnScanner:
    """Stands in for the row engine's `ColumnScanner` inside `ColumnChecks` for Arrow columns."""

    def __init__(self, inner: ColumnScanner) -> None:
        self.inner = inner
        self._patterns = {shape: cell_pattern(shape, inner.locale) for shape in SHAPE_CLASSES}
        self._bool_words = pa.array(BOOL_SPELLINGS)

    def scan(self, cells: Sequence[str], shape: int | None, route: int) -> tuple[ColumnScan, int]:
        if isinstance(cells, ArrowCells):
            scan = self._vectorised(cells, shape)
            if scan is not None:
                return scan, route
            cells = cells.cells
        return self.inner.scan(tuple(cells), shape, route)

    def classes_of(self, cells: Sequence[str]) -> list[int]:
        if not isinstance(cells, ArrowCells):
            return self.inner.classes_of(cells)
        if cells.classes is None:
            if cells.fitted is not None:
                shape, empty = cells.fitted
                cells.classes = self._classes(cells.array, shape, None, empty).tolist()
            else:
                cells.classes = self.inner.classes_of(cells.cells)
        return cells.classes

    def _vectorised(self, cells: ArrowCells, shape: int | None) -> ColumnScan | None:
        array = cells.array
        size = len(array)
        empty = pc.equal(array, "")
        empties = _count(empty)
        best: tuple[int, int, pa.Array] | None = None  # (misfits, shape, matched)
        for tried in (shape,) if shape is not None else _FIRST_BATCH_ORDER:
            matched = self._matched(array, tried)
            misfits = size - empties - _count(matched)
            if misfits == 0:
                cells.fitted = (tried, empty)
                return self._counted(array, tried, empties)
            if best is None or misfits < best[0]:
                best = (misfits, tried, matched)
        if best is None or best[0] * 2 > size:
            return None
        scan = self._partial(array, best[1], pc.or_(best[2], empty), empty)
        cells.classes = None if scan is None else scan.classes
        return scan

    def _matched(self, array: pa.Array, shape: int) -> pa.Array:
        if shape == C_BOOL:
            return pc.is_in(array, value_set=self._bool_words)
        matched = pc.match_substring_regex(array, self._patterns[shape])
        if shape == C_TEXT:  # a boolean word fits the text pattern but is no text
            matched = pc.and_not(matched, pc.is_in(array, value_set=self._bool_words))
        return matched

    def _counted(self, array: pa.Array, shape: int, empties: int) -> ColumnScan:
        size = len(array)
        wider = _count(_wider(array, shape)) if shape in WIDER_MARKS else 0
        counts = [0] * CLASS_COUNT
        counts[EMPTY] = empties
        counts[SHAPE_CLASSES[shape][0]] = size - empties - wider
        if wider:
            counts[shape] = wider
        return ColumnScan(counts, None, False, False)

    def _partial(self, array: pa.Array, shape: int, fits: pa.Array, empty: pa.Array) -> ColumnScan | None:
        """Most cells fit `shape`: classify the rest one by one, and give every cell's class."""
        misses = pc.indices_nonzero(pc.invert(fits))
        values = array.take(misses).to_pylist()
        if any(value != value.strip() for value in values):
            return None
        classes = self._classes(array, shape, fits, empty)
        classes[misses.to_numpy()] = self.inner.classes_of(values)
        counts = np.bincount(classes, minlength=CLASS_COUNT).tolist()
        return ColumnScan(counts, classes.tolist(), False, False)

    def _classes(self, array: pa.Array, shape: int, fits: pa.Array | None, empty: pa.Array) -> np.ndarray:
        """Each cell's class where it fits `shape` (`fits` None: all do) or is empty; others set after."""
        classes = np.full(len(array), SHAPE_CLASSES[shape][0], dtype=np.int64)
        if shape in WIDER_MARKS:
            wider = _wider(array, shape)
            if fits is not None:
                wider = pc.and_(wider, fits)
            classes[wider.to_numpy(zero_copy_only=False)] = shape
        classes[empty.to_numpy(zero_copy_only=False)] = EMPTY
        return classes


# Narrow shapes first: the first that fits every cell of a first batch is taken (the counts are the same
# whichever fits, since each pattern only fits cells of its own classes).
_FIRST_BATCH_ORDER = (C_INT, C_DEC, C_DATE, C_DATETIME, C_BOOL, C_TEXT)


def _wider(array: pa.Array, shape: int) -> pa.Array:
    """Which cells hold the mark of the shape's wider class (a fitting cell holds at most one)."""
    first, second = WIDER_MARKS[shape]
    return pc.or_(pc.match_substring(array, first), pc.match_substring(array, second))


def _count(mask: pa.Array) -> int:
    return int(pc.sum(mask).as_py() or 0)
