"""A proposed pairing of a file's headers with a dataset's columns, from names alone (no I/O).

Each step only pairs what the earlier ones left free: a remembered choice first, then the same name once
case, accents, spaces, underscores and punctuation are set aside ("Fecha de Venta" and "fecha_de_venta"),
then the most similar names above a threshold ("Fecha de venta" and "fecha_venta"), then what a language
model proposed. Whatever is left stays unpaired: "Importe" and "amount" share no letters worth trusting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from difflib import SequenceMatcher
from enum import StrEnum

import msgspec

from domain.validation.header import normalise_name

# Names at least this similar (0..1) are proposed as the same column.
SIMILARITY_THRESHOLD = 0.8
Similarity = Callable[[str, str], float]


class Basis(StrEnum):
    """Why a header was paired with a column."""

    REMEMBERED = "remembered"
    SAME_NAME = "same-name"
    SIMILAR_NAME = "similar-name"
    MODEL = "model"


class Pair(msgspec.Struct, frozen=True):
    """One file header and the dataset column proposed for it (`target` None: none proposed)."""

    source: str
    target: str | None
    basis: Basis | None = None
    score: float | None = None


class Hint(msgspec.Struct, frozen=True):
    """A language model's proposal: `source` means `target`, with its confidence (0..1)."""

    source: str
    target: str
    confidence: float


def compact_name(name: str) -> str:
    """The name with case, accents and every separator set aside: "Fecha de Venta" -> "fechadeventa"."""
    return normalise_name(name).replace("_", "")


def sequence_similarity(left: str, right: str) -> float:
    """The standard library's ratio: twice the matches over both lengths (an adapter may be faster)."""
    return SequenceMatcher(None, left, right, autojunk=False).ratio()


def propose_pairs(
    headers: Sequence[str],
    columns: Sequence[str],
    *,
    remembered: Mapping[str, str] | None = None,
    hints: Sequence[Hint] = (),
    similarity: Similarity = sequence_similarity,
    threshold: float = SIMILARITY_THRESHOLD,
) -> tuple[Pair, ...]:
    """One `Pair` per distinct header, in the file's order; no column is proposed for two headers."""
    pairing = _Pairing(headers, columns)
    for source, target in (remembered or {}).items():
        pairing.pair(source, target, Basis.REMEMBERED, 1.0)
    by_compact: dict[str, str] = {}
    for column in columns:
        by_compact.setdefault(compact_name(column), column)
    for header in headers:
        same = by_compact.get(compact_name(header))
        if same is not None:
            pairing.pair(header, same, Basis.SAME_NAME, 1.0)
    for score, header, column in _similar(pairing, similarity, threshold):
        pairing.pair(header, column, Basis.SIMILAR_NAME, score)
    for hint in sorted(hints, key=lambda h: -h.confidence):
        if 0 <= hint.confidence <= 1:
            pairing.pair(hint.source, hint.target, Basis.MODEL, hint.confidence)
    return pairing.pairs()


def _similar(pairing: _Pairing, similarity: Similarity, threshold: float) -> list[tuple[float, str, str]]:
    """Candidates above the threshold, best first; ties keep the file's and the dataset's order."""
    candidates = []
    for h_index, header in enumerate(pairing.free_headers()):
        for c_index, column in enumerate(pairing.free_columns()):
            score = round(similarity(compact_name(header), compact_name(column)), 2)
            if score >= threshold:
                candidates.append((-score, h_index, c_index, header, column))
    candidates.sort()
    return [(-negative, header, column) for negative, _, _, header, column in candidates]


class _Pairing:
    def __init__(self, headers: Sequence[str], columns: Sequence[str]) -> None:
        self._headers = list(dict.fromkeys(headers))
        self._columns = list(dict.fromkeys(columns))
        self._chosen: dict[str, Pair] = {}
        self._taken: set[str] = set()

    def pair(self, source: str, target: str, basis: Basis, score: float) -> None:
        """Pairs them when both are still free (a later, weaker step never overrides an earlier one)."""
        if source in self._chosen or target in self._taken:
            return
        if source not in self._headers or target not in self._columns:
            return
        self._chosen[source] = Pair(source, target, basis, score)
        self._taken.add(target)

    def free_headers(self) -> list[str]:
        return [header for header in self._headers if header not in self._chosen]

    def free_columns(self) -> list[str]:
        return [column for column in self._columns if column not in self._taken]

    def pairs(self) -> tuple[Pair, ...]:
        return tuple(self._chosen.get(header, Pair(header, None)) for header in self._headers)
