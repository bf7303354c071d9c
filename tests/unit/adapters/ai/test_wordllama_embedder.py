from __future__ import annotations

import numpy as np
import pytest

from adapters.ai.wordllama_embedder import WordLlamaEmbedder

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def embedder() -> WordLlamaEmbedder:
    return WordLlamaEmbedder()  # the weights ship in the wheel: no network


def test_vectors_are_unit_length_one_row_per_text(embedder: WordLlamaEmbedder) -> None:
    vectors = embedder.embed(["Juan Pérez", "Avenida Reforma 123"])

    assert vectors.shape == (2, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_similar_texts_are_closer_than_unrelated_ones(embedder: WordLlamaEmbedder) -> None:
    a, b, c = embedder.embed(["Avenida Reforma 123", "Av. Reforma #123", "chocolate cake recipe"])

    assert float(a @ b) > float(a @ c)


def test_an_empty_text_gets_a_zero_vector_and_no_text_an_empty_array(embedder: WordLlamaEmbedder) -> None:
    assert not embedder.embed(["", "x"])[0].any()
    assert embedder.embed([]).shape == (0, 256)
