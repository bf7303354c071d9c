"""String work over whole columns at once: pyarrow's kernels and numpy over the UTF-8 bytes.

A Python call per value costs about a microsecond; at 100,000 rows and a few passes per column
that alone was several times the validation's own time. Here each step is one call over a column:
a byte lookup table folds ASCII text, pyarrow splits, looks up and joins words, and numbering is
pyarrow's hash-based dictionary encoding. Only values outside ASCII (a minority in Latin-script
files) go through Python, and only for folding.
"""

from __future__ import annotations

import unicodedata
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
_LATIN_END = 0x250  # Latin-1, Latin Extended-A and -B: folded byte for byte


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
    return _without(offsets, data, np.asarray(drop(offsets, data), dtype=bool))


def _without(offsets: Bytes, data: Bytes, dropped: Bytes) -> pa.StringArray:
    if not dropped.any():
        return _from_buffers(offsets, data)
    # Bytes dropped per value: one segmented sum over the non-empty values (reduceat would misread
    # an empty value's segment).
    filled = np.flatnonzero(np.diff(offsets) > 0)
    per_value = np.zeros(len(offsets) - 1, dtype=np.int64)
    per_value[filled] = np.add.reduceat(dropped.view(np.uint8), offsets[filled], dtype=np.int32)
    before = np.concatenate(([0], np.cumsum(per_value)))
    return _from_buffers(offsets - before, data[~dropped])


def _latin_tables() -> tuple[Bytes, Bytes]:
    """For each code point up to U+024F: the (at most two) ASCII bytes its fold makes of it.

    The fold is casefold, NFKD, non-ASCII dropped ("é" -> "e", "ß" -> "ss", "æ" -> ""). -1 where a
    byte is dropped; (-2, -2) where the fold makes more than two bytes (left to Python).
    """
    first, second = np.full(_LATIN_END, -2, dtype=np.int16), np.full(_LATIN_END, -2, dtype=np.int16)
    for point in range(_LATIN_END):
        text = unicodedata.normalize("NFKD", chr(point).casefold()).encode("ascii", "ignore")
        if len(text) <= 2:
            first[point] = text[0] if text else -1
            second[point] = text[1] if len(text) > 1 else -1
    return first, second


_FIRST, _SECOND = _latin_tables()


def folded(array: pa.StringArray, fold_python: Callable[[list[str]], list[str]]) -> pa.StringArray:
    """Lowercase ASCII letters and digits, every other ASCII character a space.

    Latin letters with accents (two UTF-8 bytes, up to U+024F) lose them ("é" -> "e") byte for
    byte in numpy, as `fold_python` would; values with other characters (other scripts, symbols)
    are folded by `fold_python` itself.
    """
    array = string_array(array)
    offsets, data = _buffers(array)
    if not len(data) or int(data.max()) < 128:
        return _from_buffers(offsets, _FOLD[data])
    first, second = _FIRST, _SECOND
    lead = np.flatnonzero((data >= 0xC2) & (data <= 0xDF))
    lead = lead[lead + 1 < len(data)]
    point = ((data[lead].astype(np.int64) & 0x1F) << 6) | (data[lead + 1] & 0x3F)
    mapped = ((data[lead + 1] & 0xC0) == 0x80) & (point < _LATIN_END)
    mapped[mapped] = first[point[mapped]] > -2
    lead, point = lead[mapped], point[mapped]
    out = data.copy()
    out[lead], out[lead + 1] = np.maximum(first[point], 0), np.maximum(second[point], 0)
    dropped = np.zeros(len(data), dtype=bool)
    dropped[lead[first[point] < 0]] = True
    dropped[lead[second[point] < 0] + 1] = True
    stray = data >= 128
    stray[lead] = stray[lead + 1] = False
    result = _without(offsets, _FOLD[out], dropped)
    if stray.any():  # other characters: those values by Python
        values = np.unique(np.searchsorted(offsets, np.flatnonzero(stray), side="right") - 1)
        mask = np.zeros(len(array), dtype=bool)
        mask[values] = True
        replaced = pa.array(fold_python(array.take(pa.array(values)).to_pylist()), type=pa.string())
        result = string_array(pc.replace_with_mask(result, pa.array(mask), replaced))
    return result


def without_spaces(array: pa.StringArray) -> pa.StringArray:
    return _dropped(array, lambda _offsets, data: data == _SPACE)


def words(array: pa.StringArray, replacements: dict[str, str] | None = None) -> pa.StringArray:
    """Words joined by one space, trimmed; a word found in `replacements` replaced (dropped if "")."""
    lists = pc.split_pattern(array, " ")
    pieces = lists.flatten()
    parents = pc.list_parent_indices(lists).to_numpy()
    if replacements:
        found = pc.index_in(pieces, value_set=pa.array(list(replacements), type=pa.string()))
        if found.null_count < len(found):  # few words are abbreviations: only those are replaced
            swapped = pc.take(pa.array(list(replacements.values()), type=pa.string()), pc.drop_null(found))
            pieces = pc.replace_with_mask(pieces, pc.is_valid(found), swapped)
    keep = pc.greater(pc.binary_length(pieces), 0)
    counts = np.bincount(parents[keep.to_numpy(zero_copy_only=False)], minlength=len(array))
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), pieces.filter(keep)), " ")


def lengths(array: pa.StringArray) -> np.ndarray[Any, Any]:
    """Characters (code points) per value, as `pc.utf8_length` counts them: bytes less continuation bytes."""
    offsets, data = _buffers(array)
    counted: np.ndarray[Any, Any] = np.diff(offsets).astype(np.int64)
    if not len(data) or int(data.max()) < 128:
        return counted
    # Continuation bytes per value: one segmented sum over a byte mask (no array of 8 bytes a byte).
    filled = np.flatnonzero(counted > 0)
    continuing = ((data & 0xC0) == 0x80).view(np.uint8)
    counted[filled] -= np.add.reduceat(continuing, offsets[filled], dtype=np.int64)
    return counted


def squeezed(array: pa.StringArray) -> pa.StringArray:
    """`words(array)` without replacements, in numpy: runs of spaces made one, none at either end.

    Two passes over byte masks: spaces that start a value or follow a space go, then the one space
    left at a value's end, if any.
    """

    def leading_or_repeated(
        offsets: np.ndarray[Any, Any], data: np.ndarray[Any, Any]
    ) -> np.ndarray[Any, Any]:
        space: np.ndarray[Any, Any] = data == _SPACE
        if not space.any():
            return space
        after_space = np.concatenate(([True], space[:-1]))
        after_space[offsets[:-1][np.diff(offsets) > 0]] = True  # a value's first byte: a space there leads
        dropped: np.ndarray[Any, Any] = space & after_space
        return dropped

    def trailing(offsets: np.ndarray[Any, Any], data: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        dropped = np.zeros(len(data), dtype=bool)
        last = offsets[1:][np.diff(offsets) > 0] - 1
        dropped[last[data[last] == _SPACE]] = True
        return dropped

    return _dropped(_dropped(array, leading_or_repeated), trailing)


def cut(array: pa.StringArray, max_chars: int) -> pa.StringArray:
    """Values longer than `max_chars` characters cut to that length, then right-trimmed."""
    if len(array) == 0 or int(lengths(array).max()) <= max_chars:
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
