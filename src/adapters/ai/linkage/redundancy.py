"""Columns that say the same thing twice (a customer and their e-mail, an amount and its quantity).

Fellegi-Sunter adds the columns' weights as if each were independent evidence; when one column's
value determines another's, agreeing on the first implies agreeing on the second, and two orders by
one customer would count that customer twice. Such columns are grouped, and a group counts its
strongest agreement once (its disagreements all count). "Determines" is judged on the first `probe`
rows: the distinct pairs of values are hardly more than the distinct values of one column, and that
column repeats its values (at most one distinct value per two rows): a column with a value per row
(an id, a social security number) trivially determines everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any

import numpy as np

from adapters.ai.linkage.columns import LinkColumn


def redundant_groups(
    columns: Sequence[LinkColumn], *, probe: int = 20_000, slack: float = 1.05
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


def _distinct(values: np.ndarray[Any, Any]) -> int:
    """How many distinct values (numpy's unique may hash, slower than a sort on integer codes)."""
    ordered = np.sort(values)
    return 1 + int(np.count_nonzero(ordered[1:] != ordered[:-1])) if len(ordered) else 0
