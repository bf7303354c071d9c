"""Text embeddings from WordLlama, loaded offline from the weights shipped inside its wheel."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np


def _import_wordllama() -> ModuleType:
    """Import wordllama without letting it reconfigure the process's logging.

    Its package calls `logging.basicConfig(level=INFO)` on import, which would make every library
    (httpx, alembic) log to stderr in our CLI and server; the root logger is restored afterwards.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import wordllama
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    module: ModuleType = wordllama
    return module


class WordLlamaEmbedder:
    """`l2_supercat` at 256 dimensions; unit-length vectors, so a dot product is the cosine.

    WordLlama looks for its tokenizer under `<cache_dir>/tokenizers`, which only the package folder
    has; pointing `cache_dir` there and disabling downloads keeps loading offline (and fails loudly
    instead of reaching the network when a file is missing).

    `embed` is WordLlama's own average pooling, done in one tokenizer call and one numpy reduction
    instead of WordLlama's padded batches of 64, which build Python lists per token: 10,000 short
    texts take a few tens of milliseconds instead of about two seconds.
    """

    def __init__(self, *, config: str = "l2_supercat", dim: int = 256) -> None:
        wordllama = _import_wordllama()
        package_dir = Path(str(wordllama.__file__)).parent
        model = wordllama.WordLlama.load(config=config, dim=dim, cache_dir=package_dir, disable_download=True)
        self._table: np.ndarray[Any, Any] = model.embedding
        self._tokenizer = model.tokenizer
        self._tokenizer.no_padding()  # this instance's own tokenizer; lengths vary per text
        self.dim = int(self._table.shape[1])

    def embed(self, texts: Sequence[str]) -> Any:
        """A float32 numpy array of shape (len(texts), dim); a text with no tokens gets zeros."""
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return vectors
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
        ids = np.fromiter(
            chain.from_iterable(e.ids for e in encodings), dtype=np.int64, count=int(lengths.sum())
        )
        np.clip(ids, 0, self._table.shape[0] - 1, out=ids)
        present = lengths > 0
        if present.any():
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[present]
            vectors[present] = np.add.reduceat(self._table[ids], starts, axis=0)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)
