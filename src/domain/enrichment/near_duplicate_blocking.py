"""Candidate pairs for the near-duplicate check, in close to linear time and in plain Python.

Comparing every pair of 10,000 rows is 50 million comparisons; blocking proposes a few candidates per
row instead. Two sources, both cheap because the heavy lifting happens in C (set intersections,
Counter, sort):
- rare words: pairs of rows sharing at least `min_shared` words that occur in at most `max_block`
  rows (a street number with its surname, an e-mail's user part, ...). One shared rare word alone is
  too weak: in a file of 10,000 people, "1505" is shared by unrelated rows.
- sorted neighbourhood: each row with its `window` neighbours when rows are sorted by their words,
  which catches rows made only of common words (files drawn from few names and streets).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import chain, combinations


def candidate_pairs(
    words: Sequence[frozenset[str]], *, max_block: int = 8, min_shared: int = 2, window: int = 1
) -> set[tuple[int, int]]:
    """Index pairs (i < j) worth verifying, given each row's set of folded words."""
    frequency = Counter(chain.from_iterable(words))
    rare = {word for word, count in frequency.items() if 1 < count <= max_block}
    blocks: defaultdict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(words):
        for word in row & rare:
            blocks[word].append(i)
    shared = Counter(chain.from_iterable(combinations(block, 2) for block in blocks.values()))
    pairs = {pair for pair, count in shared.items() if count >= min_shared}
    texts = [" ".join(sorted(row)) for row in words]
    keys = sorted(range(len(words)), key=texts.__getitem__)
    for offset in range(1, window + 1):
        pairs.update((i, j) if i < j else (j, i) for i, j in zip(keys, keys[offset:], strict=False))
    return pairs
