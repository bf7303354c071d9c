"""The rows of one file as the near-duplicate finder keeps them: a few long strings per column.

The engine hands over rows in batches of Python lists. Keeping each batch as one joined string per
column costs a C-level join, creates no object per cell for the collector to track, and becomes a
pyarrow column when the file ends. A cell holding the separator has it replaced by a space (rarely
needed; checked per batch with one count).

Memory: the joined strings take about a byte a character (one Arrow array per column and batch took
three times that in allocator pages). A column becomes Arrow from its bytes and the separators'
positions (numpy), one column at a time, its strings let go as it does: the cells are held once,
plus one column's bytes a few times over while it is converted (a split into Python or Arrow lists
held the whole file two to four times over at 200,000 rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from adapters.ai.linkage.text_kernels import string_array

SEP = "\x1f"


class KeptRecords:
    def __init__(self) -> None:
        self._chunks: list[list[str]] = []  # per column, the batches not yet in `_columns`
        self._width = -1
        self._count = 0
        self._columns: list[pa.StringArray] = []

    def __len__(self) -> int:
        return self._count

    @property
    def width(self) -> int:
        return max(self._width, 0)

    def keep(self, records: Sequence[Sequence[str]]) -> None:
        """Records (rows of cells) after those kept before; the first fixes the width."""
        if not records:
            return
        if self._width < 0:
            self._width = len(records[0])
            self._chunks = [[] for _ in range(self._width)]
        width = self._width
        if set(map(len, records)) != {width}:  # rows of another width: padded or cut, as the engine does
            records = [[*cells[:width], *[""] * (width - len(cells))] for cells in records]
        self._keep(list(zip(*records, strict=True)), len(records))

    def keep_columns(self, columns: Sequence[Sequence[str]]) -> None:
        """`keep` for records given as columns (one per column of the file, equally long): no transposing."""
        if not columns or not len(columns[0]):
            return
        if self._width < 0:
            self._width = len(columns)
            self._chunks = [[] for _ in range(self._width)]
        if len(columns) != self._width:  # another width: padded or cut, as `keep` does with rows
            blank = [""] * len(columns[0])
            columns = [*columns[: self._width], *[blank] * (self._width - len(columns))]
        self._keep(columns, len(columns[0]))

    def _keep(self, columns: Sequence[Sequence[str]], count: int) -> None:
        for chunks, cells in zip(self._chunks, columns, strict=True):
            joined = SEP.join(cells)
            if joined.count(SEP) != len(cells) - 1:
                joined = SEP.join(cell.replace(SEP, " ") for cell in cells)
            chunks.append(joined)
        self._count += count

    def columns(self) -> list[pa.StringArray]:
        """Each column as one pyarrow string array, row k at position k."""
        for c, chunks in enumerate(self._chunks):
            if chunks:
                added = _split(SEP.join(chunks))
                chunks.clear()
                if c < len(self._columns):  # rows kept after an earlier call: appended
                    added = string_array(pa.concat_arrays([self._columns[c], added]))
                    self._columns[c] = added
                else:
                    self._columns.append(added)
        return list(self._columns)

    def record(self, index: int) -> list[str]:
        return [column[index].as_py() for column in self.columns()]


def _split(joined: str) -> pa.StringArray:
    """The cells of `joined` (separated by SEP) as one string array, built from its bytes."""
    # Lone surrogates (bytes a decoder escaped) cannot be UTF-8: "?" for the comparison.
    data = np.frombuffer(joined.encode("utf-8", "replace"), dtype=np.uint8)
    del joined
    separator = data == ord(SEP)
    breaks = np.flatnonzero(separator)
    cells = len(breaks) + 1
    kept = data[~separator]
    del data, separator
    # Cell k starts after the k-th separator; without the k separators before it, k bytes earlier.
    offsets = np.empty(cells + 1, dtype=np.int64)
    offsets[0], offsets[-1] = 0, len(kept)
    offsets[1:-1] = breaks - np.arange(cells - 1)
    if len(kept) > np.iinfo(np.int32).max:
        large = pa.LargeStringArray.from_buffers(cells, pa.py_buffer(offsets), pa.py_buffer(kept))
        return string_array(large)
    return pa.StringArray.from_buffers(cells, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(kept))


def first_of_each(codes: Sequence[np.ndarray[Any, Any]], rows: int) -> np.ndarray[Any, Any]:
    """Indexes (ascending) of the first row of each distinct combination of `codes` (one array per column)."""
    if not rows:
        return np.zeros(0, dtype=np.int64)
    key = np.zeros(rows, dtype=np.int64)
    for column in codes:
        card = int(column.max()) + 1 if len(column) else 1
        if int(key.max()) >= (2**62) // card:
            key = _first_seen(key)
        key = key * card + column
    # Numbered by first appearance, a combination's first row is where the running maximum grows.
    seen = np.maximum.accumulate(_first_seen(key))
    return np.flatnonzero(np.concatenate(([True], seen[1:] > seen[:-1])))


def _first_seen(key: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Each value of `key` numbered 0, 1, ... by its first appearance (a hash table, no sort)."""
    # The system allocator's blocks go back when freed (see `FellegiSunterFinder.find`).
    pool = pa.system_memory_pool()
    encoded = pc.dictionary_encode(pa.array(key, memory_pool=pool), memory_pool=pool)
    numbered: np.ndarray[Any, Any] = encoded.indices.to_numpy().astype(np.int64)
    return numbered
