"""String work over whole columns at once: pyarrow's kernels and numpy over the UTF-8 bytes.

A Python call per value costs about a microsecond; at 100,000 rows and a few passes per column
that alone was several times the validation's own time. Here each step is one call over a column:
a byte lookup table folds ASCII text, pyarrow splits, looks up and joins words, and numbering is
pyarrow's hash-based dictionary encoding. Only values outside ASCII (a minority in Latin-script
files) go through Python, and only for folding.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def _folded_byte(c: int) -> int:
    if 65 <= c <= 90:
        return c + 32
    return c if 97 <= c <= 122 or 48 <= c <= 57 or c >= 128 else 32


# ASCII letters lowered, digits kept, every other ASCII byte a space; bytes above 127 (letters of
# other scripts, kept by the Python fold) are left alone.
_FOLD = np.array(
    [_folded_byte(c) for c in range(256)],
    dtype=np.uint8,
)
_SPACE, _LOWER_A, _LOWER_Z = 32, 97, 122


def string_array(values: Any) -> pa.StringArray:
    """A pyarrow string array of `values` (a sequence of str or an array), without nulls or offset."""
    array = values if isinstance(values, pa.Array) else pa.array(values, type=pa.string())
    if array.null_count:
        array = pc.fill_null(array, "")
    if array.offset or array.type != pa.string():
        array = pa.concat_arrays([array.cast(pa.string())])
    return array


def _buffers(array: pa.StringArray) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    array = string_array(array)
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32, count=len(array) + 1)
    data_buffer = array.buffers()[2]
    if data_buffer is None or offsets[-1] == 0:
        return offsets, np.zeros(0, dtype=np.uint8)
    return offsets, np.frombuffer(data_buffer, dtype=np.uint8, count=int(offsets[-1]))


def _from_buffers(offsets: np.ndarray[Any, Any], data: np.ndarray[Any, Any]) -> pa.StringArray:
    return pa.StringArray.from_buffers(
        len(offsets) - 1,
        pa.py_buffer(np.ascontiguousarray(offsets, dtype=np.int32)),
        pa.py_buffer(np.ascontiguousarray(data, dtype=np.uint8)),
    )


Bytes = np.ndarray[Any, Any]


def _dropped(array: pa.StringArray, drop: Callable[[Bytes, Bytes], Any]) -> pa.StringArray:
    """`array` without the bytes where `drop(offsets, data)` is true."""
    offsets, data = _buffers(array)
    dropped = np.asarray(drop(offsets, data), dtype=bool)
    kept = ~dropped
    # Bytes kept per value, counted from the rarer of the kept and the dropped positions: a search
    # per position, no pass over every byte.
    count = int(np.count_nonzero(dropped))
    if count == 0:
        return array
    rarer = np.flatnonzero(dropped if 2 * count <= len(data) else kept)
    per_value = np.bincount(np.searchsorted(offsets, rarer, side="right") - 1, minlength=len(offsets) - 1)
    if 2 * count > len(data):
        per_value = np.diff(offsets) - per_value  # counted the kept bytes: the rest were dropped
    before = np.concatenate(([0], np.cumsum(per_value)))
    return _from_buffers(offsets - before, data[kept])


def folded(array: pa.StringArray, fold_python: Callable[[list[str]], list[str]]) -> pa.StringArray:
    """Lowercase ASCII letters and digits, every other ASCII character a space.

    Values outside ASCII are folded by `fold_python` (accents dropped, other scripts kept), then
    go through the same table.
    """
    array = string_array(array)
    outside = pc.invert(pc.string_is_ascii(array))
    if pc.any(outside).as_py():
        replaced = pa.array(fold_python(array.filter(outside).to_pylist()), type=pa.string())
        array = string_array(pc.replace_with_mask(array, outside, replaced))
    offsets, data = _buffers(array)
    return _from_buffers(offsets, _FOLD[data])


def without_spaces(array: pa.StringArray) -> pa.StringArray:
    return _dropped(array, lambda _offsets, data: data == _SPACE)


def words(array: pa.StringArray, replacements: dict[str, str] | None = None) -> pa.StringArray:
    """Words joined by one space, trimmed; a word found in `replacements` replaced (dropped if "")."""
    lists = pc.split_pattern(array, " ")
    pieces = lists.flatten()
    parents = pc.list_parent_indices(lists).to_numpy()
    if replacements:
        found = pc.index_in(pieces, value_set=pa.array(list(replacements), type=pa.string()))
        swapped = pc.take(pa.array(list(replacements.values()), type=pa.string()), found)
        pieces = pc.coalesce(swapped, pieces)
    keep = pc.greater(pc.binary_length(pieces), 0)
    counts = np.bincount(parents[keep.to_numpy(zero_copy_only=False)], minlength=len(array))
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), pieces.filter(keep)), " ")


def cut(array: pa.StringArray, max_chars: int) -> pa.StringArray:
    """Values longer than `max_chars` characters cut to that length, then right-trimmed."""
    if len(array) == 0 or pc.max(pc.utf8_length(array)).as_py() <= max_chars:
        return array
    return pc.utf8_rtrim(pc.utf8_slice_codeunits(array, 0, max_chars), characters=" ")


def without_long_letter_runs(array: pa.StringArray) -> pa.StringArray:
    """Runs of two or more ASCII letters removed ("calle 12 b" -> " 12 b"); digits and lone letters stay."""

    def runs(offsets: np.ndarray[Any, Any], data: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        # A letter is in a run of two or more when a neighbour in the same value is a letter too.
        letter = (data >= _LOWER_A) & (data <= _LOWER_Z)
        bounds = offsets[(offsets > 0) & (offsets < len(data))]
        before = np.concatenate(([False], letter[:-1]))
        before[bounds] = False  # the first byte of a value has no neighbour before it
        after = np.concatenate((letter[1:], [False]))
        after[bounds - 1] = False
        return letter & (before | after)

    return _dropped(array, runs)


def numbered(array: pa.StringArray) -> tuple[np.ndarray[Any, Any], pa.StringArray]:
    """A code per element (0 for "", then 1, 2, ... by first appearance) and the value of each code."""
    encoded = pc.dictionary_encode(string_array(array))
    index = encoded.indices.to_numpy().astype(np.int64)
    dictionary = encoded.dictionary
    empty = pc.index(dictionary, "").as_py()
    if empty < 0:
        return index + 1, pa.concat_arrays([pa.array([""], type=pa.string()), dictionary])
    shift = np.arange(len(dictionary), dtype=np.int64) + 1
    shift[empty] = 0
    shift[empty + 1 :] -= 1
    values = pa.concat_arrays(
        [pa.array([""], type=pa.string()), dictionary.slice(0, empty), dictionary.slice(empty + 1)]
    )
    return shift[index], values
