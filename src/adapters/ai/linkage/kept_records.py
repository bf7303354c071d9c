"""The rows of one file as the near-duplicate finder keeps them: a few long strings per column.

The engine hands over rows in batches of Python lists. Keeping each batch as one joined string per
column costs a C-level join, creates no object per cell for the collector to track, and becomes a
pyarrow column with one split when the file ends. A cell holding the separator has it replaced by a
space (rarely needed; checked per batch with one count).
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
        self._chunks: list[list[str]] = []
        self._width = -1
        self._count = 0
        self._columns: list[pa.StringArray] | None = None

    def __len__(self) -> int:
        return self._count

    @property
    def width(self) -> int:
        return max(self._width, 0)

    def keep(self, records: Sequence[Sequence[str]]) -> None:
        if not records:
            return
        if self._width < 0:
            self._width = len(records[0])
            self._chunks = [[] for _ in range(self._width)]
        width = self._width
        if set(map(len, records)) != {width}:  # rows of another width: padded or cut, as the engine does
            records = [[*cells[:width], *[""] * (width - len(cells))] for cells in records]
        for chunks, cells in zip(self._chunks, zip(*records, strict=True), strict=True):
            joined = SEP.join(cells)
            if joined.count(SEP) != len(cells) - 1:
                joined = SEP.join(cell.replace(SEP, " ") for cell in cells)
            chunks.append(joined)
        self._count += len(records)
        self._columns = None

    def columns(self) -> list[pa.StringArray]:
        """Each column as one pyarrow string array, row k at position k."""
        if self._columns is None:
            self._columns = [
                string_array(pc.split_pattern(_utf8(chunks), SEP).flatten()) for chunks in self._chunks
            ]
        return self._columns

    def record(self, index: int) -> list[str]:
        return [column[index].as_py() for column in self.columns()]


def _utf8(chunks: list[str]) -> pa.StringArray:
    try:
        return pa.array(chunks, type=pa.string())
    except UnicodeEncodeError:  # lone surrogates (bytes a decoder escaped): "?" for the comparison
        return pa.array(
            [chunk.encode("utf-8", "replace").decode("utf-8") for chunk in chunks], type=pa.string()
        )


def first_of_each(codes: Sequence[np.ndarray[Any, Any]], rows: int) -> np.ndarray[Any, Any]:
    """Indexes (ascending) of the first row of each distinct combination of `codes` (one array per column)."""
    key = np.zeros(rows, dtype=np.int64)
    for column in codes:
        card = int(column.max()) + 1 if len(column) else 1
        if len(key) and int(key.max()) >= (2**62) // card:
            key = _ranks(key)
        key = key * card + column
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    first = order[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if rows else order
    return np.sort(first)


def _ranks(key: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    order = np.argsort(key)
    ordered = key[order]
    ranks = np.empty(len(key), dtype=np.int64)
    ranks[order] = np.cumsum(np.concatenate(([0], ordered[1:] != ordered[:-1])))
    return ranks
