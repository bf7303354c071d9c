"""What the near-duplicate rule asks of a finder: pairs of rows that are one record, and why.

The finder itself (record linkage with Fellegi-Sunter weights over typed comparisons) lives in
adapters/ai/linkage, where numpy, pyarrow and rapidfuzz do the work in bulk; the domain only states
the question. The finder also keeps the records as they stream by, in whatever form it compares
them fastest: at 100,000 rows, handing them over as Python rows cost more than the comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, order=True)
class NearDuplicatePair:
    """Records `first` < `second` (indexes of the kept records) and the evidence.

    `score` is the probability that the two are one record; `agree` and `differ` are the compared
    columns (indexes into the file's columns) that agree (exactly or closely) and that differ; the
    others had an empty cell.
    """

    first: int
    second: int
    score: float
    agree: tuple[int, ...] = ()
    differ: tuple[int, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """What a group of pairs has in common: the columns that agree and differ.

    `equal` is true when every compared column was equal or empty on both sides: only such pairs
    can be rows that are identical once trimmed.
    """

    agree: tuple[int, ...] = ()
    differ: tuple[int, ...] = ()
    equal: bool = False


@dataclass(frozen=True)
class NearDuplicates:
    """What a finder found, as parallel sequences sorted by (`second`, `first`): few objects per pair.

    `evidence[k]` indexes `patterns`; `partial` is true when a budget ran out before every candidate
    was compared.
    """

    first: Sequence[int] = ()
    second: Sequence[int] = ()
    scores: Sequence[float] = ()
    evidence: Sequence[int] = ()
    patterns: Sequence[Evidence] = ()
    partial: bool = False

    def __len__(self) -> int:
        return len(self.first)

    def pair(self, k: int) -> NearDuplicatePair:
        found = self.patterns[self.evidence[k]]
        return NearDuplicatePair(self.first[k], self.second[k], self.scores[k], found.agree, found.differ)

    @property
    def pairs(self) -> list[NearDuplicatePair]:
        return [self.pair(k) for k in range(len(self))]


class NearDuplicateFinder(Protocol):
    """Keeps the records of one file, then finds the pairs among them that are one record."""

    def keep(self, records: Sequence[Sequence[str]]) -> None:
        """Keep these records (cells aligned with the file's columns), after those kept before."""
        ...

    def keep_columns(self, columns: Sequence[Sequence[str]]) -> None:
        """`keep` for records given as columns: one sequence of cells per column of the file, equally long."""
        ...

    def record(self, index: int) -> list[str]:
        """The cells of the kept record `index` (0 for the first kept), as given."""
        ...

    def find(self, columns: Sequence[int], *, max_pairs: int) -> NearDuplicates:
        """Pairs of kept records that are probably the same thing written differently.

        Only `columns` (indexes into a record) are compared. Records equal cell for cell are one
        record: only the first kept of them is paired. At most `max_pairs` candidate pairs are
        compared: the operation budget that bounds the time whatever the file holds.
        """
        ...
