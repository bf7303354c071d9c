"""Near duplicates scored as splink does, unsupervised: Fellegi-Sunter match weights.

Each compared column contributes log2(m / u) for the level at which the pair agrees (linkage/levels.py):
- u, how often two unrelated rows of this file reach that level, is measured on random pairs of the
  same file, and for exact agreement on the value itself (term frequency: sharing "Smith" is worth
  less than sharing "Sondergeld"; an amount is never rarer than the file's amounts coincide). In a
  file where every row looks alike, looking alike is worth little.
- m, how often one record written twice reaches it, starts from priors (typos are rarer than exact
  copies, a cell is rarely rewritten entirely) and is refined by a few rounds of EM (see `_Model`).
  Measured quantities (NUMBER: amounts, prices, weights written with a fraction or a sign) keep their
  priors: a record written twice keeps its amount, give or take a typo, so an amount that differs
  entirely is strong evidence of two records (a customer's second payment, not the first one again).
  EM cannot learn that in a clean file: its only confident pairs there are such repeat customers, and
  they would teach it that duplicates change their amounts.
- an empty cell on either side adds nothing: it is no evidence, never a veto.
The prior odds of two rows being one record are 1 / rows, so the evidence needed grows with the file
(about log2(rows) bits); a pair is reported at probability `threshold` or more.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from adapters.ai.linkage.blocking import MAX_KEY_SHARE, Candidates, candidate_pairs
from adapters.ai.linkage.columns import Kind, LinkColumn, read_encoded
from adapters.ai.linkage.kept_records import KeptRecords, first_of_each
from adapters.ai.linkage.levels import DIFFERENT, NULL, UNSCORED, coarse_levels, level_count, levels
from adapters.ai.linkage.redundancy import redundant_groups
from domain.enrichment.near_duplicate_finder import Evidence, NearDuplicates

Array = np.ndarray[Any, Any]
_SLICE = 1 << 17  # candidates weighed together: a float per column and candidate of the slice is held

# m per level from "different" up to "exact".
M_PRIORS: dict[Kind, tuple[float, ...]] = {
    Kind.TEXT: (0.05, 0.05, 0.15, 0.75),
    Kind.CODE: (0.02, 0.15, 0.83),  # a date or code rewritten entirely is rarer than a name
    # different / one keystroke away as written / within 1 % / exact; kept as they are (not refitted)
    Kind.NUMBER: (0.0001, 0.03, 0.04, 0.9299),
}


@dataclass(frozen=True)
class FellegiSunterFinder:
    """A `NearDuplicateFinder` for one file; deterministic (seeded sampling of the random pairs).

    It keeps the rows as they stream by (kept_records.py); rows equal cell for cell count once.
    """

    threshold: float = 0.9
    random_pairs: int = 10_000  # Febrl F1 as with 50,000 and 20,000 (within 0.0001)
    max_block: int = 10
    max_key_share: float = MAX_KEY_SHARE  # Febrl F1 as without the cap; 1.0 gave the same, 0.25 less
    em_rounds: int = 1
    m_prior_pairs: float = 300.0  # Febrl F1 >= splink on all four; 200-300 same findings elsewhere
    confident: float = 0.99
    seed: int = 0
    kept: KeptRecords = field(default_factory=KeptRecords, compare=False, repr=False)

    def __call__(self, records: Sequence[Sequence[str]], *, max_pairs: int) -> NearDuplicates:
        """Keeps `records` and compares them on every column: for a file already in memory."""
        self.keep(records)
        return self.find(range(self.kept.width), max_pairs=max_pairs)

    def keep(self, records: Sequence[Sequence[str]]) -> None:
        self.kept.keep(records)

    def keep_columns(self, columns: Sequence[Sequence[str]]) -> None:
        self.kept.keep_columns(columns)

    def record(self, index: int) -> list[str]:
        return self.kept.record(index)

    def find(self, columns: Sequence[int], *, max_pairs: int) -> NearDuplicates:
        compared = [c for c in columns if c < self.kept.width]
        if len(self.kept) < 2 or not compared:
            return NearDuplicates()
        # Memory (the rule keeps up to 200,000 rows by default): hash tables from the system allocator,
        # whose large blocks go back when freed (Arrow's default pool kept twice the data in its pages);
        # indices as Arrow made them (int32); each column's dictionary let go once read, and the pool's
        # idle pages returned, before the comparison's numpy arrays need the room.
        pool = pa.system_memory_pool()
        raw: list[Any] = [pc.dictionary_encode(column, memory_pool=pool) for column in self.kept.columns()]
        indexes: list[Any] = [encoded.indices.to_numpy() for encoded in raw]
        distinct = first_of_each(indexes, len(self.kept))  # identical records: the first one stands for all
        if len(distinct) < 2:
            return NearDuplicates()
        linked = []
        for c in compared:
            linked.append(read_encoded(raw[c].dictionary, indexes[c][distinct].astype(np.int64)))
            raw[c] = indexes[c] = None
            pa.default_memory_pool().release_unused()
        del raw, indexes
        candidates = candidate_pairs(
            linked, max_block=self.max_block, max_pairs=max_pairs, max_key_share=self.max_key_share
        )
        if len(candidates.first) == 0:
            return NearDuplicates(partial=candidates.exhausted)
        first, second, weight, table = self._matched(linked, candidates)
        first, second = distinct[first], distinct[second]
        order = np.lexsort((first, second))
        probability = np.round(1 / (1 + np.exp2(-weight[order])), 3)
        # Pairs share few patterns of empty / differ / close / equal per column: evidence made once each.
        patterns, pattern = _unique_rows(table[order])
        return NearDuplicates(
            first=first[order].tolist(),
            second=second[order].tolist(),
            scores=probability.tolist(),
            evidence=pattern.reshape(-1).tolist(),
            patterns=[_evidence(row, compared) for row in patterns.tolist()],
            partial=candidates.exhausted,
        )

    def _matched(self, columns: list[LinkColumn], found: Candidates) -> tuple[Array, Array, Array, Array]:
        """The matched candidates (rows of `columns`, first and second), their weights and level states."""
        rows = len(columns[0].codes)
        model = _Model(
            prior=-math.log2(rows - 1),
            columns=columns,
            levels=[_coarse_levels(column, found.first, found.second) for column in columns],
            first=found.first,
            second=found.second,
            u=[self._u(column) for column in columns],
            m=[np.array((1.0, *M_PRIORS[column.kind])) for column in columns],
            groups=redundant_groups(columns),
        )
        for _ in range(self.em_rounds):
            model.refit_m(self.m_prior_pairs, self.confident)
        cut = math.log2(self.threshold / (1 - self.threshold))
        matched, weight = model.weights_from(cut)
        matched, weight = matched[weight >= cut], weight[weight >= cut]
        states = [_state(level[matched], column) for level, column in zip(model.levels, columns, strict=True)]
        table = np.stack(states, axis=1)
        return found.first[matched], found.second[matched], weight, table

    def _u(self, column: LinkColumn) -> np.ndarray[Any, Any]:
        """P(level | two unrelated rows), from random pairs of this file; smoothed so none is 0."""
        rows = len(column.codes)
        rng = np.random.default_rng(self.seed)
        first = rng.integers(0, rows, self.random_pairs)
        second = rng.integers(0, rows, self.random_pairs)
        distinct = first != second
        level = levels(column, first[distinct], second[distinct])
        counts = np.bincount(level, minlength=level_count(column.kind)).astype(float)
        counts[NULL] = 0.0
        u: np.ndarray[Any, Any] = (counts + 0.5) / (counts.sum() + 0.5 * (len(counts) - 1))
        u[NULL] = 1.0
        return u


_EMPTY, _DIFFER, _CLOSE, _EQUAL = range(4)


def _coarse_levels(column: LinkColumn, first: Array, second: Array) -> Array:
    """`coarse_levels` a slice of candidates at a time: its temporaries (codes, lengths, bounds: some
    70 bytes a candidate, 90 MB for 800,000 candidates) are held for one slice only."""
    out = np.empty(len(first), dtype=np.int8)
    for start in range(0, len(first), _SLICE):
        end = start + _SLICE
        out[start:end] = coarse_levels(column, first[start:end], second[start:end])
    return out


def _unique_rows(table: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The distinct rows of a table of states (0-3) and each row's index among them.

    Up to 31 columns a row packs into one integer (two bits a column), sorted far faster than
    numpy's row-wise unique; wider tables take that slower path.
    """
    if table.shape[1] > 31:
        return np.unique(table, axis=0, return_inverse=True)
    packed = (table.astype(np.int64) << (2 * np.arange(table.shape[1], dtype=np.int64))).sum(axis=1)
    order = np.argsort(packed)
    ordered = packed[order]
    start = np.concatenate(([True], ordered[1:] != ordered[:-1])) if len(ordered) else np.zeros(0, dtype=bool)
    inverse = np.empty(len(packed), dtype=np.int64)
    inverse[order] = np.cumsum(start) - 1
    return table[order[start]], inverse


def _state(level: np.ndarray[Any, Any], column: LinkColumn) -> np.ndarray[Any, Any]:
    """Levels as empty / differ / close / equal."""
    state: np.ndarray[Any, Any] = np.minimum(level, _CLOSE)
    state[level == level_count(column.kind) - 1] = _EQUAL
    return state


def _evidence(states: list[int], columns: list[int]) -> Evidence:
    """The file's columns that agree and those that differ, from a pair's states per compared column."""
    return Evidence(
        agree=tuple(c for c, state in zip(columns, states, strict=True) if state >= _CLOSE),
        differ=tuple(c for c, state in zip(columns, states, strict=True) if state == _DIFFER),
        equal=all(state in (_EMPTY, _EQUAL) for state in states),
    )


@dataclass
class _Model:
    """The candidate pairs' levels and the weights' parameters, m refined by expectation-maximisation.

    Each round re-estimates m from the candidates that are confident matches (probability at least
    `confident`), each counted with that probability, plus `prior_pairs` pseudo-pairs that follow the
    priors: in a file of many true duplicates the data decide (how often a duplicate's name is
    misspelt), in a clean file the few likely pairs cannot pull m away from the priors. Plain EM
    over every candidate was measured to drift in clean files: in 5,000 orders, pairs sharing a
    product, date and quantity became the "match" class and hundreds of orders were flagged.

    String metrics are the costly part, and most candidates (rows sharing only a city, or a price)
    cannot reach a cut whatever their strings say: each pair's highest attainable weight is computed
    first from the exact and empty cells, with every other cell at its column's best graded weight,
    and the metrics run only for the pairs that could still reach it. The weights of the pairs that
    reach it are exactly those of comparing every pair; the others only ever counted as zero.
    """

    prior: float
    columns: list[LinkColumn]
    levels: list[np.ndarray[Any, Any]]  # per column, per candidate; UNSCORED until needed
    first: np.ndarray[Any, Any]
    second: np.ndarray[Any, Any]
    u: list[np.ndarray[Any, Any]]
    m: list[np.ndarray[Any, Any]]
    groups: list[list[int]]

    def weights_from(self, cut: float) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """The candidates whose weight reaches `cut` (indexes) and their weights (log2 match odds).

        Candidates go a slice at a time: each column's weights are held for one slice only, so
        memory stays bounded however many columns a file has.
        """
        tables = [self._table(c) for c in range(len(self.columns))]
        found = [
            self._reaching(cut, tables, np.arange(start, min(start + _SLICE, len(self.first))))
            for start in range(0, len(self.first), _SLICE)
        ]
        if not found:
            return np.empty(0, dtype=np.int64), np.empty(0)
        return np.concatenate([pairs for pairs, _ in found]), np.concatenate([weight for _, weight in found])

    def _reaching(self, cut: float, tables: list[Array], pairs: Array) -> tuple[Array, Array]:
        parts = [self._column_weights(c, tables[c], pairs) for c in range(len(self.columns))]
        weight = self._combined(parts)  # UNSCORED cells at their best: an upper bound
        # Column by column, cheapest metric first, each scored pair tightening the bound of the others.
        for c in sorted(range(len(self.columns)), key=self._cost):
            reach = weight >= cut
            pairs, parts = pairs[reach], [part[reach] for part in parts]
            unscored = np.flatnonzero(self.levels[c][pairs] == UNSCORED)
            if len(unscored):
                scored = pairs[unscored]
                self.levels[c][scored] = levels(self.columns[c], self.first[scored], self.second[scored])
                parts[c][unscored] = self._column_weights(c, tables[c], scored)
            weight = self._combined(parts)
        reach = weight >= cut
        return pairs[reach], weight[reach]

    def _cost(self, c: int) -> tuple[bool, int]:
        column = self.columns[c]
        return column.kind is Kind.TEXT, len(column.values)

    def _combined(self, parts: list[np.ndarray[Any, Any]]) -> np.ndarray[Any, Any]:
        weight = np.full(len(parts[0]), self.prior)
        for group in self.groups:
            if len(group) == 1:
                weight += parts[group[0]]
                continue
            # Dependent columns: their strongest agreement counts once, every disagreement counts.
            stacked = np.stack([parts[c] for c in group])
            weight += np.maximum(stacked, 0).max(axis=0) + np.minimum(stacked, 0).sum(axis=0)
        return weight

    def refit_m(self, prior_pairs: float, confident: float) -> None:
        pairs, weight = self.weights_from(math.log2(confident / (1 - confident)))
        probability = 1 / (1 + np.exp2(-weight))
        probability[probability < confident] = 0.0
        for c, column in enumerate(self.columns):
            if column.kind is Kind.NUMBER:
                continue  # measured quantities keep their priors (see the module's docstring)
            counts = np.bincount(self.levels[c][pairs], weights=probability, minlength=len(self.m[c]))
            counts[NULL] = 0.0
            priors = np.array((0.0, *M_PRIORS[column.kind]))
            m = (counts + prior_pairs * priors) / (counts.sum() + prior_pairs)
            m[NULL] = 1.0
            self.m[c] = m

    def _table(self, c: int) -> np.ndarray[Any, Any]:
        """log2(m / u) per level, NULL at 0; a last entry for UNSCORED (-1): the best graded weight."""
        column, m = self.columns[c], self.m[c]
        table = np.log2(m / self.u[c])
        table[NULL] = 0.0
        if column.kind is Kind.CODE and column.identifies_rows:
            table[2] = 0.0  # one edit from an id is the next id as often as a typo: no evidence
        top = level_count(column.kind) - 1
        return np.append(table, table[DIFFERENT:top].max())

    def _column_weights(self, c: int, table: np.ndarray[Any, Any], pairs: Any) -> np.ndarray[Any, Any]:
        column, level = self.columns[c], self.levels[c][pairs]
        weight: np.ndarray[Any, Any] = table[level]
        top = level_count(column.kind) - 1
        exact = np.flatnonzero(level == top)
        weight[exact] = math.log2(self.m[c][top]) + self._surprise[c][column.codes[self.first[pairs[exact]]]]
        return weight

    def __post_init__(self) -> None:
        # Term frequency: agreeing on a value is worth log2(m / share), the share being how often the value
        # occurs OUTSIDE the pair (k - 2 of the other filled rows, smoothed): in a small file a duplicate's
        # own two copies would otherwise make its value look common (6 rows: 1/3), and no evidence enough.
        # -log2(share) per value, computed once.
        self._surprise = [_surprise(column) for column in self.columns]


def _surprise(column: LinkColumn) -> np.ndarray[Any, Any]:
    """-log2 of each value's share among unrelated rows (see `_Model.__post_init__`).

    A measured quantity's value is never taken for rarer than two of the file's rows share an amount:
    its values are not entities, and most occur once or twice, so one value's count says little. In
    100,000 payments over 49,500 amounts, two unrelated payments share theirs once in 49,500 pairs,
    not the once in 200,000 that a value seen twice would claim (two bits of false evidence, enough
    for two namesakes paying the same on one day to pass for one payment).
    """
    outside = np.maximum(column.counts - 1.5, 0.5)
    surprise: np.ndarray[Any, Any] = -np.log2(outside / max(column.filled - 2, 1))
    if column.kind is Kind.NUMBER and column.filled > 1:
        held = column.counts[1:].astype(np.float64)
        coincide = float((held * (held - 1)).sum()) / (column.filled * (column.filled - 1))
        if coincide > 0:
            surprise = np.minimum(surprise, -math.log2(coincide))
    return surprise
