from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from adapters.ai.embedding_near_duplicate_finder import EmbeddingNearDuplicateFinder
from adapters.ai.wordllama_embedder import WordLlamaEmbedder

sys.path.insert(0, str(Path(__file__).parents[2] / "domain" / "enrichment"))
from labelled_records import generate

pytestmark = pytest.mark.unit


class LetterCountEmbedder:
    """A tiny deterministic embedder: a word's vector counts its letters; remembers what it embedded."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded = list(texts)
        vectors = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for ch in text:
                vectors[i, ord(ch) % 64] += 1
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


@pytest.fixture(scope="module")
def wordllama() -> WordLlamaEmbedder:
    return WordLlamaEmbedder()


def test_the_same_person_written_differently_is_found_with_its_score() -> None:
    records = [
        ("Juan Pérez", "Av. Reforma 123", "Ciudad de México"),
        ("Sofía Ruiz", "Calle Alcalá 9", "Madrid"),
        ("juan perez", "Avenida Reforma #123", "ciudad de mexico"),
        ("Luis Gil", "Main Street 5", "Boston"),
    ]

    (pair,) = EmbeddingNearDuplicateFinder(LetterCountEmbedder())(records)

    assert (pair.first, pair.second, pair.score) == (0, 2, 1.0)


def test_each_distinct_word_is_embedded_once() -> None:
    embedder = LetterCountEmbedder()

    EmbeddingNearDuplicateFinder(embedder)([("Ana Ruiz", "Madrid"), ("Ana Gil", "Madrid")])

    assert sorted(embedder.embedded) == ["ana", "gil", "madrid", "ruiz"]


def test_a_relative_at_the_same_address_is_not_a_duplicate(wordllama: WordLlamaEmbedder) -> None:
    records = [
        ("Juan Pérez", "Av. Reforma 123", "Ciudad de México", "juan.perez@correo.es"),
        ("María Pérez", "Av. Reforma 123", "Ciudad de México", "maria.perez@correo.es"),
    ]

    assert EmbeddingNearDuplicateFinder(wordllama)(records) == []


def test_fewer_than_two_records_have_no_pairs() -> None:
    assert EmbeddingNearDuplicateFinder(LetterCountEmbedder())([("a",)]) == []


def test_precision_and_recall_on_the_labelled_set_meet_the_bar(wordllama: WordLlamaEmbedder) -> None:
    labelled = generate(1500, seed=7)

    found = {(p.first, p.second) for p in EmbeddingNearDuplicateFinder(wordllama)(labelled.records)}

    hits = len(found & labelled.duplicate_pairs)
    assert hits / len(found) >= 0.9
    assert hits / len(labelled.duplicate_pairs) >= 0.8
