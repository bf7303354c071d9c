"""The enrichment rules for one upload, built fresh each time (rules keep per-file state)."""

from __future__ import annotations

from adapters.ai.embedding_near_duplicate_finder import EmbeddingNearDuplicateFinder
from application.ports.text_embedder import TextEmbedder
from domain.enrichment.near_duplicate_rule import DEFAULT_MAX_ROWS, NearDuplicateRowRule
from domain.enrichment.outlier_rule import OutlierRule
from domain.validation.row_rule import RowRule

__all__ = ["DEFAULT_MAX_ROWS", "enrichment_rules"]


def enrichment_rules(*, embedder: TextEmbedder | None, near_duplicate_max_rows: int) -> list[RowRule]:
    """`outlier` and `near-duplicate-row`, new instances on every call.

    With `embedder=None` (the recommended default, see bench/enrichment_bench.py) near duplicates
    are found lexically; with an embedder (loaded once by the caller and shared: it is read-only),
    candidates come from embedding nearest neighbours, which finds slightly more pairs at about three
    times the cost of the check.
    """
    if near_duplicate_max_rows < 1:
        raise ValueError(f"near_duplicate_max_rows must be at least 1, got {near_duplicate_max_rows!r}")
    finder = EmbeddingNearDuplicateFinder(embedder) if embedder is not None else None
    return [OutlierRule(), NearDuplicateRowRule(finder, max_rows=near_duplicate_max_rows)]
