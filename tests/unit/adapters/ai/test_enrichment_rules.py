from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from adapters.ai.embedding_near_duplicate_finder import EmbeddingNearDuplicateFinder
from adapters.ai.enrichment_rules import enrichment_rules
from domain.enrichment.near_duplicate_rule import NearDuplicateRowRule
from domain.enrichment.outlier_rule import OutlierRule
from domain.validation.report import Column, ColumnType

pytestmark = pytest.mark.unit


class OnesEmbedder:
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.ones((len(texts), 64), dtype=np.float32) / 8


def test_both_rules_come_fresh_on_every_call() -> None:
    first = enrichment_rules(embedder=None, near_duplicate_max_rows=100)
    second = enrichment_rules(embedder=None, near_duplicate_max_rows=100)

    assert [type(rule) for rule in first] == [OutlierRule, NearDuplicateRowRule]
    assert all(a is not b for a, b in zip(first, second, strict=True))


def test_an_embedder_makes_the_near_duplicate_rule_use_embedding_candidates() -> None:
    _, near_duplicates = enrichment_rules(embedder=OnesEmbedder(), near_duplicate_max_rows=100)

    assert isinstance(near_duplicates, NearDuplicateRowRule)
    assert isinstance(near_duplicates._finder, EmbeddingNearDuplicateFinder)


def test_the_row_limit_is_applied_and_reported() -> None:
    _, near_duplicates = enrichment_rules(embedder=None, near_duplicate_max_rows=2)
    near_duplicates.start([Column("name", "name", ColumnType.STRING)])
    for row, name in enumerate(["Ana", "Luis", "Eva"], start=2):
        near_duplicates.observe(row, [name])

    assert "checked the first 2 of 3 rows" in near_duplicates.finish().samples[0].message


def test_a_row_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="near_duplicate_max_rows"):
        enrichment_rules(embedder=None, near_duplicate_max_rows=0)
