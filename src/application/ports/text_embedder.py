"""Turns texts into vectors whose cosine similarity says how alike their meanings are."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class TextEmbedder(Protocol):
    """Embeds texts offline; row i of the result is the unit-length vector of `texts[i]`."""

    def embed(self, texts: Sequence[str]) -> Sequence[Sequence[float]]: ...
