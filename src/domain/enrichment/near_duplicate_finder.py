"""What the near-duplicate rule asks of a finder: pairs of rows that are one record, and why.

The finder itself (record linkage with Fellegi-Sunter weights over typed comparisons) lives in
adapters/ai/linkage, where numpy and rapidfuzz do the work in bulk; the domain only states the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, order=True)
class NearDuplicatePair:
    """Records `first` < `second` (indexes into the records given to the finder) and the evidence.

    `score` is the probability that the two are one record; `agree` and `differ` are indexes of the
    compared columns that agree (exactly or closely) and that differ; the others had an empty cell.
    """

    first: int
    second: int
    score: float
    agree: tuple[int, ...] = ()
    differ: tuple[int, ...] = ()


@dataclass(frozen=True)
class NearDuplicates:
    """What a finder found; `partial` when its budget ran out before every candidate was compared."""

    pairs: list[NearDuplicatePair] = field(default_factory=list)
    partial: bool = False


class NearDuplicateFinder(Protocol):
    def __call__(self, records: Sequence[Sequence[str]], *, max_pairs: int) -> NearDuplicates:
        """Pairs of records (all of one width) that are probably the same thing written differently.

        At most `max_pairs` candidate pairs are compared: the operation budget that bounds the time
        whatever the file holds.
        """
        ...
