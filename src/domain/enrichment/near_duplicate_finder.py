"""What the near-duplicate rule asks of a finder, and the pure-Python lexical finder it uses by default.

Why lexical and not embeddings by default, measured by bench/enrichment_bench.py (labelled
generator, 7,481 records; 100,000-row file): this finder scores precision 0.991 / recall 0.993 in
about 0.15 s; the WordLlama finder (adapters/ai/embedding_near_duplicate_finder.py) 0.988 / 0.999 in
0.6-1.0 s, and with it the enrichment adds about 65 % to validating 100,000 rows instead of about
23 %, far beyond the 25 % target. Cosine over whole rows also over-matches relatives ("Juan Pérez" /
"María Pérez" at one address: 0.91), so the verification is lexical either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from domain.enrichment.folded_rows import CELL, fold_rows, normal_cell, words_of
from domain.enrichment.near_duplicate_blocking import candidate_pairs


@dataclass(frozen=True, order=True)
class NearDuplicatePair:
    """Records `first` < `second` (indexes into the records given to the finder) and how alike they are."""

    first: int
    second: int
    score: float


class NearDuplicateFinder(Protocol):
    def __call__(self, records: Sequence[Sequence[str]]) -> list[NearDuplicatePair]:
        """Pairs of records that are probably the same thing written differently."""
        ...


@lru_cache(maxsize=65_536)
def _word_grams(word: str) -> frozenset[str]:
    # Bigrams of the padded word: tolerant of one typo even in short names ("Ana"/"Aan").
    padded = f" {word} "
    return frozenset(padded[i : i + 2] for i in range(len(word) + 1))


@lru_cache(maxsize=65_536)
def _grams(folded_cell: str) -> frozenset[str]:
    words = normal_cell(folded_cell).split()
    if len(words) == 1:
        return _word_grams(words[0])
    return frozenset().union(*(_word_grams(word) for word in words))


@dataclass(frozen=True)
class LexicalNearDuplicateFinder:
    """Character-bigram similarity, cell by cell, over lexically normalised records.

    Candidate pairs come from blocking (domain/enrichment/near_duplicate_blocking.py), so the work
    grows with n, not n². A pair first has to share `min_overlap` of its row words (a C-level set
    test that drops most candidates), then scores the mean per-cell Dice similarity of character
    bigrams (cells equal once folded score 1 without being split) and is kept at `threshold` or
    more, unless one cell is below `min_cell`: a different first name or e-mail makes a relative,
    not a duplicate. Thresholds were chosen by measurement on the labelled generator in
    tests/unit/domain/enrichment/labelled_records.py (see bench/enrichment_bench.py).
    """

    threshold: float = 0.85
    min_cell: float = 0.5
    min_overlap: float = 0.4
    max_block: int = 8
    window: int = 1

    def __call__(self, records: Sequence[Sequence[str]]) -> list[NearDuplicatePair]:
        lines = fold_rows(records)
        words = words_of(lines)
        pairs = candidate_pairs(words, max_block=self.max_block, window=self.window)
        return self.verify(lines, pairs, words)

    def verify(
        self, lines: Sequence[str], pairs: Iterable[tuple[int, int]], words: Sequence[frozenset[str]]
    ) -> list[NearDuplicatePair]:
        """The candidate pairs (i < j) of folded rows (`fold_rows`) that pass, sorted, with their scores."""
        found = []
        for i, j in pairs:
            a, b = words[i], words[j]
            common = len(a & b)
            if common < self.min_overlap * (len(a) + len(b) - common):
                continue
            score = self.score(lines[i].split(CELL), lines[j].split(CELL))
            if score is not None:
                found.append(NearDuplicatePair(i, j, score))
        return sorted(found)

    def score(self, a: Sequence[str], b: Sequence[str]) -> float | None:
        """The similarity of two folded rows' cells, or None when it is below the thresholds."""
        total, cells = 0.0, 0
        for cell_a, cell_b in zip(a, b, strict=False):
            if cell_a == cell_b:
                if cell_a and not cell_a.isspace():
                    total += 1.0
                    cells += 1
                continue
            ga, gb = _grams(cell_a), _grams(cell_b)
            if not ga and not gb:
                continue
            similarity = 2 * len(ga & gb) / (len(ga) + len(gb))
            if similarity < self.min_cell:
                return None
            total += similarity
            cells += 1
        score = total / cells if cells else 0.0
        return round(score, 3) if score >= self.threshold else None
