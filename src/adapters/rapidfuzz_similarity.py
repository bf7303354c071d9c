"""Name similarity by rapidfuzz (C++), for pairing headers with columns: a ratio like the standard
library's `SequenceMatcher` (the domain's default), without its Python loop over every pair of names."""

from __future__ import annotations

from rapidfuzz.fuzz import ratio


def rapidfuzz_similarity(left: str, right: str) -> float:
    """0..1: twice the characters both names share in order, over both lengths (Indel similarity)."""
    return float(ratio(left, right)) / 100
