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

    for i, j in combinations(range(len(columns)), 2):
        a, b = columns[i].codes[:probe], columns[j].codes[:probe]
        both = (a > 0) & (b > 0)
        if both.sum() < 2:
            continue
        a, b = a[both], b[both]
        distinct_a, distinct_b = _distinct(a), _distinct(b)
        together = _distinct(a * len(columns[j].values) + b)
        repeats = max(distinct_a, distinct_b) * 2 <= len(a)
        if repeats and min(distinct_a, distinct_b) >= 2 and together <= slack * max(distinct_a, distinct_b):
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(columns)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _distinct(values: np.ndarray[Any, Any]) -> int:
    """How many distinct values (numpy's unique may hash, slower than a sort on integer codes)."""
    ordered = np.sort(values)
    return 1 + int(np.count_nonzero(ordered[1:] != ordered[:-1])) if len(ordered) else 0
