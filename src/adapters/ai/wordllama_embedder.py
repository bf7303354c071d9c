"""Text embeddings from WordLlama, loaded offline from the weights shipped inside its wheel."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import wordllama
from wordllama import WordLlama


class WordLlamaEmbedder:
    """`l2_supercat` at 256 dimensions; unit-length vectors, so a dot product is the cosine.

    WordLlama looks for its tokenizer under `<cache_dir>/tokenizers`, which only the package folder
    has; pointing `cache_dir` there and disabling downloads keeps loading offline (and fails loudly
    instead of reaching the network when a file is missing).
    """

    def __init__(self, *, config: str = "l2_supercat", dim: int = 256) -> None:
        package_dir = Path(wordllama.__file__).parent
        self._model = WordLlama.load(config=config, dim=dim, cache_dir=package_dir, disable_download=True)

    def embed(self, texts: Sequence[str]) -> Any:
        """A numpy array of shape (len(texts), dim)."""
        return self._model.embed(list(texts), norm=True)
