"""Many rows folded at once: case, accents and punctuation dropped by C-level string calls on one text.

Folding row by row (a regex split and a table lookup per cell) was most of the near-duplicate
check's cost; joining the rows into one text lets `casefold`, NFKD and a byte translation run once.
Latin text is folded to ASCII (accents dropped; letters without an ASCII base such as "ł" are
dropped alike in every row, harmless for comparing rows of one file); other scripts keep their letters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from domain.enrichment.record_text import ABBREVIATIONS

CELL = "\x1f"  # between the cells of a folded row; rows are separated by "\n"
_BEYOND_LATIN = "\u0250"
_COMBINING = re.compile(r"[\u0300-\u036f]+")
_NOT_WORD = re.compile(r"[^\w\x1f\n]|_")
# Every ASCII byte that is not a lowercase letter, a digit or a separator becomes a space.
_ASCII_SEPARATORS = bytes(
    c if chr(c).isdigit() or "a" <= chr(c) <= "z" or c in (10, 31) else 32 for c in range(256)
)


def fold_rows(records: Sequence[Sequence[str]]) -> list[str]:
    """One folded line per record, its cells separated by `CELL`, punctuation turned into spaces."""
    text = "\n".join(CELL.join(cells) for cells in records)
    separators = sum(map(len, records)) - len(records)
    if text.count("\n") != len(records) - 1 or text.count(CELL) != separators:
        # A cell holds a line break or the separator itself: blank them out, rarely worth the cost.
        cleaned = ([cell.replace("\n", " ").replace(CELL, " ") for cell in cells] for cells in records)
        text = "\n".join(CELL.join(cells) for cells in cleaned)
    text = text.casefold()
    if not text.isascii():
        latin = max(text) < _BEYOND_LATIN
        text = unicodedata.normalize("NFKD", text)
        if not latin:
            return _NOT_WORD.sub(" ", _COMBINING.sub("", text)).split("\n")
        text = text.encode("ascii", "ignore").decode("ascii")
    return text.encode("ascii").translate(_ASCII_SEPARATORS).decode("ascii").split("\n")


def words_of(lines: list[str]) -> list[frozenset[str]]:
    """The set of words of each folded line (all its cells together): what blocking looks at."""
    return [frozenset(line.replace(CELL, " ").split()) for line in lines]


@lru_cache(maxsize=65_536)
def normal_cell(folded: str) -> str:
    """A folded cell's words, abbreviations expanded and sorted: "av reforma 123" -> "123 avenida reforma"."""
    expanded = (ABBREVIATIONS.get(word, word) for word in folded.split())
    return " ".join(sorted(word for word in expanded if word))


def row_words(cells: Sequence[str]) -> frozenset[str]:
    """The folded words of one row."""
    return words_of(fold_rows([cells]))[0]
