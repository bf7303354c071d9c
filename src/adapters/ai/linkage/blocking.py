"""Candidate pairs: rows sharing the exact value of one column, or of two columns together.

Each blocking key (a column, or a pair of columns) groups the rows by value; groups of at most
`max_block` rows propose all their pairs (a larger group, such as a common surname or a city, says
too little on its own; the same surname with the same postcode is a small group again). Keys are
taken from the most selective (fewest pairs) on, while the total stays within `max_pairs`: a key
that does not fit is skipped and the result says the budget ran out. A pair of columns whose groups
make more than `max_key_share` pairs per row (0.5: city x price on a file of orders, 110,000 of
182,000 candidates at 100,000 rows) is skipped too: its rows share only two common values, and on
Febrl 1-4 and the labelled people such keys added no match (same F1 without them; one false pair
fewer at 100,000 rows). A column's groups are read off
its value counts; a pair of columns sorts only the rows left in large groups on both sides. The
work grows with the rows, not their square, whatever the file holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from adapters.ai.linkage.columns import LinkColumn

MAX_KEY_COLUMNS = 12  # columns paired for blocking keys; at most 66 pairs
MAX_KEY_SHARE = 0.5  # pairs per row a two-column key may propose


@dataclass(frozen=True)
class Candidates:
    first: np.ndarray[Any, Any]  # int32 (int64 past 2**31 rows)
    second: np.ndarray[Any, Any]
    exhausted: bool


def candidate_pairs(
    columns: Sequence[LinkColumn],
    *,
    max_block: int = 10,
    max_pairs: int,
    max_key_share: float = MAX_KEY_SHARE,
) -> Candidates:
    """Distinct row pairs (first < second) proposed by the blocking keys, at most `max_pairs` of them."""
    rows = len(columns[0].codes) if columns else 0
    chosen: list[np.ndarray[Any, Any]] = []
    total, exhausted = 0, False
    # One column: its group sizes are its value counts, so the pairs are counted before any sort.
    small = [(column.counts >= 2) & (column.counts <= max_block) for column in columns]
    for mask in small:
        mask[0] = False  # empty cells group nothing
    singles = sorted(range(len(columns)), key=lambda c: _pair_count(columns[c].counts[small[c]]))
    blocked = np.zeros(len(columns), dtype=bool)
    for c in singles:
        pairs = _pair_count(columns[c].counts[small[c]])
        if pairs == 0:
            continue
        if total + pairs > max_pairs:
            exhausted = True
            continue
        total, blocked[c] = total + pairs, True
        members = np.flatnonzero(small[c][columns[c].codes])
        order = members[np.argsort(columns[c].codes[members])]
        chosen.append(_pairs_within(order, columns[c].counts[np.flatnonzero(small[c])], rows))
    # Two columns: only rows whose groups were too large on both sides (or not taken) can form new
    # pairs; a pair inside a small group of a taken column was proposed already.
    ranked = sorted(range(len(columns)), key=lambda i: -len(columns[i].values))[:MAX_KEY_COLUMNS]
    # A key is held until the budget is shared out, so only as its kept groups' members: a key that
    # proposes no pair or too many is never taken and is let go at once.
    open_rows = {c: _open_rows(columns[c], blocked[c], max_block) for c in ranked}
    key_budget = max_key_share * rows
    blocks = []
    for i, j in combinations(ranked, 2):
        rest = np.flatnonzero(open_rows[i] & open_rows[j])
        key = columns[i].codes[rest] * len(columns[j].values) + columns[j].codes[rest]
        number, sizes, pairs = _groups(key, max_block)
        if 0 < pairs <= key_budget:
            blocks.append((pairs, *_kept_members(rest, number, sizes, max_block)))
    del open_rows
    blocks.sort(key=lambda found: found[0])
    for pairs, members, number, sizes in blocks:
        if total + pairs > max_pairs:
            exhausted = True
            continue
        total += pairs
        # Order within a group is free: pairs are put first < second.
        chosen.append(_pairs_within(members[np.argsort(number, kind="stable")], sizes, rows))
    del blocks
    if not chosen:
        empty = np.empty(0, dtype=np.int64)
        return Candidates(empty, empty, exhausted)
    # In place where it can be: at a million candidates each copy is 8 MB.
    encoded = np.concatenate(chosen)
    chosen.clear()
    encoded.sort()
    unique = encoded[np.concatenate(([True], encoded[1:] != encoded[:-1]))]
    del encoded
    # Rows as int32 where they fit (the rule keeps 200,000 by default): the candidates are held
    # through the whole comparison.
    index = np.int32 if rows <= np.iinfo(np.int32).max else np.int64
    first = np.empty(len(unique), dtype=index)
    np.floor_divide(unique, rows, out=first, casting="unsafe")
    np.remainder(unique, rows, out=unique)
    return Candidates(first, unique.astype(index, copy=False), exhausted)


def _pair_count(sizes: np.ndarray[Any, Any]) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def _open_rows(column: LinkColumn, blocked: bool, max_block: int) -> np.ndarray[Any, Any]:
    """Rows with a value whose pairs this column's own key did not propose."""
    held = column.counts[column.codes]
    open_rows: np.ndarray[Any, Any] = (column.codes > 0) & (held >= 2)
    if blocked:
        open_rows &= held > max_block
    return open_rows


def _groups(
    key: np.ndarray[Any, Any], max_block: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], int]:
    """Each position's group (numbered by a hash table), each group's size, and the pairs the kept make.

    Only the pairs are counted here: a key that is not taken (too many pairs) is never sorted.
    """
    if not len(key):
        return key, np.zeros(0, dtype=np.int64), 0
    pool = pa.system_memory_pool()  # its blocks go back when freed (see `FellegiSunterFinder.find`)
    number = pc.dictionary_encode(pa.array(key, memory_pool=pool), memory_pool=pool).indices.to_numpy()
    sizes = np.bincount(number)
    kept = sizes[(sizes >= 2) & (sizes <= max_block)]
    return number, sizes, int((kept * (kept - 1) // 2).sum())


def _kept_members(
    rest: np.ndarray[Any, Any], number: np.ndarray[Any, Any], sizes: np.ndarray[Any, Any], max_block: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The rows (of `rest`) in kept groups, their groups, and the kept groups' sizes in group order."""
    kept = (sizes >= 2) & (sizes <= max_block)
    members = np.flatnonzero(kept[number])
    return rest[members], number[members], sizes[kept]


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
