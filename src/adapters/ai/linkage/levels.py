"""Comparison levels of pairs of rows on one column, computed for many pairs at once.

Level 0 is "no evidence" (either cell empty): it never vetoes a pair. Level 1 is "different", the
top level is "exact", the ones between are degrees of closeness. A measured quantity (NUMBER) is
"different" only when it is neither the same value rounded otherwise ("12.5" and "12.49") nor one
keystroke away as written ("341.79" for "314.79"): what a duplicate's typo looks like. Two amounts
a few cents or a few percent apart are two amounts. Only pairs of distinct values are
scored with a string metric, each distinct pair of values once (rapidfuzz's `cpdist`, in C).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyarrow as pa
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.process import cpdist

from adapters.ai.linkage.columns import Kind, LinkColumn

NULL, DIFFERENT = 0, 1
UNSCORED = -1  # neither empty nor equal: the string metric has not been run yet (see `coarse_levels`)
# Agreement thresholds between "different" and "exact", weakest first.
TEXT_SIMILARITY = (0.80, 0.92)
NUMBER_TYPO, NUMBER_CLOSE = 2, 3  # a NUMBER's graded levels: one edit as written, the same rounded
_TOKEN_SORT = fuzz.token_sort_ratio
_GRADED_SLICE = 1 << 14  # distinct pairs of values whose strings are held at once (see `levels`)
_MAX_DECIMALS = 12  # finer than this, a value is written as Python does (exponent forms: near-exact)


def level_count(kind: Kind) -> int:
    """Levels including NULL: NULL, different, the graded ones, exact."""
    return 2 + (len(TEXT_SIMILARITY) if kind is not Kind.CODE else 1) + 1


def coarse_levels(
    column: LinkColumn, first: np.ndarray[Any, Any], second: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """Each pair's level where no string metric is needed, else UNSCORED: integer comparisons only.

    Numbers equal once rounded are close outright; strings (numbers as written) that differ too much in
    length or in their digits to reach the lowest graded level are DIFFERENT.
    """
    a, b = column.codes[first], column.codes[second]
    out = np.full(len(a), UNSCORED, dtype=np.int8)
    out[a == b] = level_count(column.kind) - 1
    out[(a == 0) | (b == 0)] = NULL
    rest = np.flatnonzero(out == UNSCORED)
    if column.kind is Kind.NUMBER:
        close = _close(column, a[rest], b[rest])
        out[rest[close]] = NUMBER_CLOSE
        rest = rest[~close]
    out[rest[_hopeless(column, a[rest], b[rest])]] = DIFFERENT
    return out


def _close(column: LinkColumn, a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Values equal once the finer is rounded to the coarser one's decimals ("12.49" ~ "12.5")."""
    x, y = column.numbers[a], column.numbers[b]
    tolerance = np.maximum(column.rounding[a], column.rounding[b]) * (1 + 1e-9)  # float error
    close: np.ndarray[Any, Any] = np.abs(x - y) <= tolerance
    return close


def _hopeless(column: LinkColumn, a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Pairs of values that cannot reach the lowest graded level, whatever their characters.

    Bounds from the lengths alone: an edit distance is at least the difference in length; an Indel
    ratio is at most 2 min / (la + lb); Jaro at most (min / la + min / lb + 1) / 3, and Winkler's
    prefix bonus (at most 4 x 0.1 of the rest) keeps it under 0.6 Jaro + 0.4.
    """
    la, lb = column.lengths[a], column.lengths[b]
    if column.kind is not Kind.TEXT:
        hopeless: np.ndarray[Any, Any] = np.abs(la - lb) > 1
        return hopeless
    shorter, total = np.minimum(la, lb), np.maximum(la + lb, 1)
    indel = 2 * shorter / total
    jaro = (shorter / np.maximum(la, 1) + shorter / np.maximum(lb, 1) + 1) / 3
    several = column.spaced[a] | column.spaced[b]
    best = np.where(several, indel, 0.6 * jaro + 0.4)
    da, db = column.digits[a], column.digits[b]
    hopeless = (best < TEXT_SIMILARITY[0] - 1e-9) | ((da != db) & (da > 0) & (db > 0))
    return hopeless


def levels(
    column: LinkColumn, first: np.ndarray[Any, Any], second: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """The level (int8) of each pair (first[k], second[k]) of row indexes."""
    a, b = column.codes[first], column.codes[second]
    top = level_count(column.kind) - 1
    out = np.full(len(a), DIFFERENT, dtype=np.int8)
    null = (a == 0) | (b == 0)
    exact = (a == b) & ~null
    out[null] = NULL
    out[exact] = top
    rest = ~null & ~exact
    if rest.any():
        low, high = np.minimum(a[rest], b[rest]), np.maximum(a[rest], b[rest])
        width = len(column.values)
        distinct, back = np.unique(low * width + high, return_inverse=True)
        # A slice of distinct pairs at a time: the string metrics hold their values as Python strings
        # (some 120 bytes a pair), which for 100,000 pairs was the finder's peak.
        graded = np.empty(len(distinct), dtype=np.int8)
        for start in range(0, len(distinct), _GRADED_SLICE):
            part = distinct[start : start + _GRADED_SLICE]
            graded[start : start + _GRADED_SLICE] = _graded(column, part // width, part % width)
        out[rest] = graded[back]
    return out


def _graded(column: LinkColumn, a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Levels for pairs of distinct, non-empty values (codes a[k] != b[k])."""
    out = np.full(len(a), DIFFERENT, dtype=np.int8)
    if column.kind is Kind.NUMBER:
        close = _close(column, a, b)
        out[close] = NUMBER_CLOSE
        if (~close).any():
            far = np.flatnonzero(~close)
            out[far] = np.where(_one_keystroke(column, a[far], b[far]), NUMBER_TYPO, DIFFERENT)
        return out
    return _graded_as_code(column, a, b) if column.kind is Kind.CODE else _graded_text(column, a, b)


def _one_keystroke(
    column: LinkColumn, a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """Amounts one edit apart as written, to their decimals: the normalised "115.5" was "115.50" in a
    column of cents, two keystrokes from "115.65", not one."""
    code, back = np.unique(np.concatenate((a, b)), return_inverse=True)
    text = [
        _written(value, rounding)
        for value, rounding in zip(column.numbers[code], column.rounding[code], strict=True)
    ]
    written = [text[k] for k in back.tolist()]
    distance = cpdist(written[: len(a)], written[len(a) :], scorer=OSA.distance, score_cutoff=2, workers=1)
    one: np.ndarray[Any, Any] = distance <= 1
    return one


def _written(value: float, rounding: float) -> str:
    decimals = round(-math.log10(2 * rounding)) if math.isfinite(value) and rounding > 0 else -1
    return f"{value:.{decimals}f}" if 0 <= decimals <= _MAX_DECIMALS else repr(value)


def _graded_as_code(
    column: LinkColumn, a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """DIFFERENT, or 2 for values one edit apart (a typo or a swap)."""
    out = np.full(len(a), DIFFERENT, dtype=np.int8)
    hopeful = np.flatnonzero(~_hopeless(column, a, b))
    if len(hopeful):
        va = column.values.take(pa.array(a[hopeful])).to_pylist()
        vb = column.values.take(pa.array(b[hopeful])).to_pylist()
        distance = cpdist(va, vb, scorer=OSA.distance, score_cutoff=2, workers=1)
        out[hopeful[distance <= 1]] = 2
    return out


def _graded_text(
    column: LinkColumn, a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    out = np.full(len(a), DIFFERENT, dtype=np.int8)
    hopeful = np.flatnonzero(~_hopeless(column, a, b))
    if len(hopeful) < len(a):
        out[hopeful] = _graded_text(column, a[hopeful], b[hopeful]) if len(hopeful) else out[hopeful]
        return out
    va, vb = column.values.take(pa.array(a)).to_pylist(), column.values.take(pa.array(b)).to_pylist()
    # Jaro-Winkler suits one word (a name); over several it rewards a shared first word too much
    # ("camiseta basica 18" / "camiseta chino 18"), so several words are compared by a token-sorted
    # Indel ratio, which also ignores word order ("perez juan" = "juan perez").
    words = column.spaced[a] | column.spaced[b]
    similarity = np.empty(len(a), dtype=np.float32)  # as cpdist gives it
    for chosen, scorer, scale in ((~words, JaroWinkler.normalized_similarity, 1), (words, _TOKEN_SORT, 100)):
        picked = np.flatnonzero(chosen)
        if len(picked) == len(a):
            similarity[:] = cpdist(va, vb, scorer=scorer, workers=1) / scale
        elif len(picked):
            pick_a, pick_b = [va[k] for k in picked], [vb[k] for k in picked]
            similarity[picked] = cpdist(pick_a, pick_b, scorer=scorer, workers=1) / scale
    for level, threshold in enumerate(TEXT_SIMILARITY, start=2):
        out[similarity >= threshold] = level
    da, db = column.digits[a], column.digits[b]
    out[(da != db) & (da > 0) & (db > 0)] = DIFFERENT  # "Juan Pérez 8" is not "Juan Pérez 9"
    return out
