"""Columns that say the same thing twice (a customer and their e-mail, an amount and its quantity).

Fellegi-Sunter adds the columns' weights as if each were independent evidence; when one column's
value determines another's, agreeing on the first implies agreeing on the second, and two orders by
one customer would count that customer twice. Such columns are grouped, and a group counts its
strongest agreement once (its disagreements all count). "Determines" is judged on the first `probe`
rows: the distinct pairs of values are hardly more than the distinct values of one column, and that
column repeats its values (at most one distinct value per two rows): a column with a value per row
(an id, a social security number) trivially determines everything.

Values that rarely repeat (each customer twice at most: "Juan Pérez 999" and "999juan.perez@...")
escape that test, yet counting both columns would still count one customer twice, some 17 bits each
at 100,000 rows, more than an entirely different amount weighs against. So two columns are also
grouped when, over the whole file, whenever two rows agree on one they agree on the other: at least
`min_pairs` pairs of rows agree on each, and nearly all of them (`together`) agree on both. An id
agrees on no pair, so nothing shows it says what another column says; a city is shared by far more
pairs than a name, and two columns of a few values each (a product and a quantity) by far more pairs
than the two together, so those are not grouped either.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any

import numpy as np

from adapters.ai.linkage.columns import LinkColumn


def redundant_groups(
    columns: Sequence[LinkColumn],
    *,
    probe: int = 20_000,
    slack: float = 1.05,
    min_pairs: int = 10,
    together: float = 0.95,
) -> list[list[int]]:
    """A partition of the column indexes; in a group, each column is linked to another by a dependency."""
    parent = list(range(len(columns)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    probed = [column.codes[:probe] for column in columns]
    filled = [codes > 0 for codes in probed]
    # A column's distinct values over its own filled rows, counted once: most pairs of columns are
    # filled on the same rows (no empty cells), where the pair's count is the column's own.
    alone = [_distinct(codes[mask]) for codes, mask in zip(probed, filled, strict=True)]
    filled_count = [int(mask.sum()) for mask in filled]
    for i, j in combinations(range(len(columns)), 2):
        if _agree_together(columns[i], columns[j], min_pairs, together):
            parent[root(i)] = root(j)
            continue
        both = filled[i] & filled[j]
        count = int(both.sum())
        if count < 2:
            continue
        a, b = probed[i][both], probed[j][both]
        distinct_a = alone[i] if count == filled_count[i] else _distinct(a)
        distinct_b = alone[j] if count == filled_count[j] else _distinct(b)
        repeats = max(distinct_a, distinct_b) * 2 <= count
        if not repeats or min(distinct_a, distinct_b) < 2:
            continue  # the pair's own count (a sort) is needed only past these two cheap tests
        if _distinct(a * len(columns[j].values) + b) <= slack * max(distinct_a, distinct_b):
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(columns)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _agree_together(a: LinkColumn, b: LinkColumn, min_pairs: int, together: float) -> bool:
    """Nearly every pair of rows agreeing on `a` or on `b` agrees on both (see above)."""
    # Each column's agreeing pairs over its own filled rows first (from its counts): when those cannot
    # pass, the pair of columns' own count (a sort of the rows) is not needed.
    alone = [_pairs(column.counts[1:]) for column in (a, b)]
    if min(alone) < min_pairs or min(alone) < together * max(alone):
        return False
    both = (a.codes > 0) & (b.codes > 0)
    first, second = a.codes[both], b.codes[both]
    agreeing = [_pairs(_run_lengths(first)), _pairs(_run_lengths(second))]
    if min(agreeing) < min_pairs:
        return False
    return _pairs(_run_lengths(first * len(b.values) + second)) >= together * max(agreeing)


def _pairs(counts: np.ndarray[Any, Any]) -> int:
    return int((counts * (counts - 1) // 2).sum())


def _run_lengths(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """How many times each distinct value occurs (in sorted order)."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    ordered = np.sort(values)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    lengths: np.ndarray[Any, Any] = np.diff(np.append(starts, len(ordered)))
    return lengths


def _distinct(values: np.ndarray[Any, Any]) -> int:
    """How many distinct values (numpy's unique may hash, slower than a sort on integer codes)."""
    ordered = np.sort(values)
    return 1 + int(np.count_nonzero(ordered[1:] != ordered[:-1])) if len(ordered) else 0
