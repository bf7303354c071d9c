"""Candidate pairs: rows sharing the exact value of one column, or of two columns together.

Each blocking key (a column, or a pair of columns) groups the rows by value; groups of at most
`max_block` rows propose all their pairs (a larger group, such as a common surname or a city, says
too little on its own; the same surname with the same postcode is a small group again). Keys are
taken from the most selective (fewest pairs) on, while the total stays within `max_pairs`: a key
that does not fit is skipped and the result says the budget ran out. The work is a few numpy sorts
per key, so it grows with the rows, not their square, whatever the file holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from adapters.ai.linkage.columns import LinkColumn

MAX_KEY_COLUMNS = 12  # columns paired for blocking keys; at most 66 pairs


@dataclass(frozen=True)
class Candidates:
    first: np.ndarray[Any, Any]
    second: np.ndarray[Any, Any]
    exhausted: bool


def candidate_pairs(columns: Sequence[LinkColumn], *, max_block: int = 10, max_pairs: int) -> Candidates:
    """Distinct row pairs (first < second) proposed by the blocking keys, at most `max_pairs` of them."""
    rows = len(columns[0].codes) if columns else 0
    keys = [_key([column]) for column in columns]
    ranked = sorted(range(len(columns)), key=lambda i: -len(columns[i].values))[:MAX_KEY_COLUMNS]
    keys += [_key([columns[i], columns[j]]) for i, j in combinations(ranked, 2)]
    blocks = sorted((_blocks(key, max_block) for key in keys), key=lambda found: found[2])
    chosen: list[np.ndarray[Any, Any]] = []
    total, exhausted = 0, False
    for order, sizes, pairs in blocks:
        if pairs == 0:
            continue
        if total + pairs > max_pairs:
            exhausted = True
            continue
        total += pairs
        chosen.append(_pairs_within(order, sizes, rows))
    if not chosen:
        empty = np.empty(0, dtype=np.int64)
        return Candidates(empty, empty, exhausted)
    unique = np.unique(np.concatenate(chosen))
    return Candidates(unique // rows, unique % rows, exhausted)


def _key(columns: Sequence[LinkColumn]) -> np.ndarray[Any, Any]:
    """One int64 per row; -1 where any of the columns is empty."""
    key = np.zeros(len(columns[0].codes), dtype=np.int64)
    empty = np.zeros(len(key), dtype=bool)
    for column in columns:
        key = key * len(column.values) + column.codes
        empty |= column.codes == 0
    key[empty] = -1
    return key


def _blocks(
    key: np.ndarray[Any, Any], max_block: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], int]:
    """Rows of the kept groups in group order, the group sizes, and how many pairs they make."""
    present = np.flatnonzero(key >= 0)
    order = present[np.argsort(key[present])]  # order within a group is free: pairs are put first < second
    ordered = key[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    sizes = np.diff(np.append(starts, len(ordered)))
    kept = (sizes >= 2) & (sizes <= max_block)
    if not kept.any():
        return order[:0], sizes[:0], 0
    member = np.repeat(kept, sizes)
    sizes = sizes[kept]
    return order[member], sizes, int((sizes * (sizes - 1) // 2).sum())


def _pairs_within(
    order: np.ndarray[Any, Any], sizes: np.ndarray[Any, Any], rows: int
) -> np.ndarray[Any, Any]:
    """Every pair inside each group, as first * rows + second with first < second."""
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    position = np.arange(len(order)) - starts
    partners = np.repeat(sizes, sizes) - 1 - position  # later members of the same group
    left = np.repeat(np.arange(len(order)), partners)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(partners) - partners, partners) + 1
    a, b = order[left], order[left + offset]
    encoded: np.ndarray[Any, Any] = np.minimum(a, b) * rows + np.maximum(a, b)
    return encoded
