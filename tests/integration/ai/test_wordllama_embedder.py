from __future__ import annotations

import socket

import numpy as np
import pytest

from adapters.ai.wordllama_embedder import WordLlamaEmbedder

pytestmark = pytest.mark.integration


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedder tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_loads_the_shipped_weights_offline_and_embeds_unit_vectors(no_network: None) -> None:
    vectors = WordLlamaEmbedder().embed(["avenida reforma 123", "avenida reforma 123", "the weather is nice"])

    assert vectors.shape == (3, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert float(vectors[0] @ vectors[1]) == pytest.approx(1, abs=1e-4)
    assert float(vectors[0] @ vectors[2]) < 0.9


def test_loading_the_model_leaves_the_process_logging_configuration_alone() -> None:
    import logging

    root = logging.getLogger()
    before = (list(root.handlers), root.level)

    WordLlamaEmbedder()

    assert (list(root.handlers), root.level) == before
