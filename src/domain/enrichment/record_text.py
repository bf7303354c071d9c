"""Cheap lexical normalisation, so "Av. Reforma #123" and "avenida reforma 123" read the same."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

# Abbreviations common in Spanish and English addresses and names; a token maps to its long form,
# or to "" when it carries no meaning of its own ("no. 123", "#123" -> "123").
ABBREVIATIONS: dict[str, str] = {
    "av": "avenida",
    "avda": "avenida",
    "avd": "avenida",
    "c": "calle",
    "cl": "calle",
    "cll": "calle",
    "col": "colonia",
    "pza": "plaza",
    "pl": "plaza",
    "pje": "pasaje",
    "ctra": "carretera",
    "dpto": "departamento",
    "depto": "departamento",
    "no": "",
    "num": "",
    "numero": "",
    "nro": "",
    "n": "",
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "rd": "road",
    "blvd": "boulevard",
    "dr": "drive",
    "ln": "lane",
    "apt": "apartment",
    "sta": "santa",
    "sto": "santo",
    "sn": "san",
}

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Latin-1 and Latin Extended-A cover Spanish and most Western names; a table is ~20x faster than NFKD.
_LATIN = {code: _strip_accents(chr(code)) for code in range(0xC0, 0x180)}


def fold(text: str) -> str:
    """Casefolded, accents stripped ("Pérez" -> "perez"; "ñ" -> "n")."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    folded = folded.translate(_LATIN)
    return folded if folded.isascii() else _strip_accents(folded)


@lru_cache(maxsize=65_536)
def tokens(text: str) -> tuple[str, ...]:
    """The words of a cell after folding, dropping punctuation and expanding abbreviations."""
    words = _NOT_WORD.split(fold(text).replace("º", "").replace("ª", ""))
    expanded = (ABBREVIATIONS.get(word, word) for word in words if word)
    return tuple(word for word in expanded if word)


def normalised_cells(cells: Sequence[str]) -> tuple[str, ...]:
    """Each cell as its sorted normalised words: word order within a cell stops mattering."""
    return tuple(" ".join(sorted(tokens(cell))) for cell in cells)
