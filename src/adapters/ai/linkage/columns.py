"""Each compared column read once: its kind, its values normalised and numbered, how often each occurs.

Kinds decide the comparison (linkage/levels.py):
- NUMBER: quantities written with a fraction or a sign ("12.50", "-3"): exact / within 1 % / different.
- CODE: identifiers, codes, dates, phone numbers, postcodes, house numbers, e-mails (values without
  a word of three letters, or one piece with digits such as "CAM-018-XL"): exact / one edit (a typo
  or a swap) / different.
- TEXT: everything else: folded, abbreviations expanded ("Av. Reforma" = "avenida reforma"),
  compared by Jaro-Winkler (one word) or a token-sorted ratio (several words, in any order); the
  digits and one-letter words inside must agree ("Juan Pérez 8" is not "Juan Pérez 9", "Camiseta
  talla S" is not "Camiseta talla M").
Values are numbered (code 0 = empty) so comparisons and blocking run on integer arrays.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np

from domain.enrichment.record_text import ABBREVIATIONS, tokens

MAX_CHARS = 64  # cells are cut to this before comparing: bounded cost per comparison
_PROBE = 2_000
_NUMBER = re.compile(r"[+-]?(\d+[.,]\d*|\d*[.,]\d+|\d+)([eE][+-]?\d+)?")
_BEYOND_LATIN = "\u0250"
# Every ASCII byte that is not a lowercase letter, a digit or a line break becomes a space.
_SEPARATORS = bytes(c if chr(c).isdigit() or "a" <= chr(c) <= "z" or c == 10 else 32 for c in range(256))
_ABBREVIATION = re.compile(r"\b(?:" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\b")
_DIGIT, _SPACE, _THREE_LETTERS = re.compile(r"\d"), re.compile(r"\s"), re.compile(r"[^\W\d_]{3}")
_WORDS = re.compile(r"[a-z]{2,}")  # normalised values are ASCII: lowercase letters, digits, spaces


class Kind(Enum):
    TEXT = "text"
    CODE = "code"
    NUMBER = "number"


@dataclass(frozen=True)
class LinkColumn:
    """One column: `codes[row]` numbers its value (0 = empty); arrays below are indexed by code."""

    kind: Kind
    codes: np.ndarray[Any, Any]  # int64, one per row
    values: np.ndarray[Any, Any]  # object: the normalised value of each code ("" for code 0)
    counts: np.ndarray[Any, Any]  # int64: rows holding each code
    digits: np.ndarray[Any, Any]  # int64: for TEXT, the number of its digits and 1-letter words (0 = none)
    numbers: np.ndarray[Any, Any]  # float64: for NUMBER, the value

    @property
    def filled(self) -> int:
        return int(self.counts[1:].sum())

    @property
    def identifies_rows(self) -> bool:
        """Nearly every filled row has its own value: an id, where one edit away is the next id."""
        return len(self.values) - 1 >= 0.9 * self.filled


def read_column(cells: Sequence[str]) -> LinkColumn:
    kind = infer_kind(cells)
    # Every step below is a C-level dict or map call over the distinct values: no Python loop per row.
    distinct = list(dict.fromkeys(cells))
    normalised = _normalise_all(distinct, kind)
    numbering = dict.fromkeys(["", *normalised])
    number_of = dict(zip(numbering, range(len(numbering)), strict=True))
    raw_code = dict(zip(distinct, map(number_of.__getitem__, normalised), strict=True))
    codes = np.fromiter(map(raw_code.__getitem__, cells), dtype=np.int64, count=len(cells))
    values = np.empty(len(numbering), dtype=object)
    values[:] = list(numbering)
    counts = np.bincount(codes, minlength=len(numbering)).astype(np.int64)
    return LinkColumn(kind, codes, values, counts, _digit_codes(values, kind), _numbers(values, kind))


def _normalise_all(raw: list[str], kind: Kind) -> list[str]:
    if kind is Kind.NUMBER:
        return [_number_text(cell) for cell in raw]
    folded = _fold_all(raw)
    if kind is Kind.CODE:
        return _lines("\n".join(folded).replace(" ", ""))
    # Abbreviations expanded by one regex pass over all values; word order is left to the comparison
    # (token-sorted ratio), so no value is split and sorted in Python.
    text = _ABBREVIATION.sub(lambda match: ABBREVIATIONS[match.group()], "\n".join(folded))
    return _lines(text)


def _collapsed(text: str) -> str:
    while "  " in text:  # a few C-level passes, each halving the longest run of spaces
        text = text.replace("    ", " ").replace("  ", " ")
    return text


def _lines(text: str) -> list[str]:
    """The lines of `text` with runs of spaces collapsed and trimmed, cut to MAX_CHARS: C-level passes."""
    text = _collapsed(text)
    lines = text.replace(" \n", "\n").replace("\n ", "\n").strip(" ").split("\n")
    if max(map(len, lines), default=0) > MAX_CHARS:
        return [line[:MAX_CHARS].rstrip(" ") for line in lines]
    return lines


def _fold_all(raw: list[str]) -> list[str]:
    """Casefolded, accents dropped, punctuation turned into spaces: one C-level pass over all values."""
    text = "\n".join(raw)
    if text.count("\n") >= len(raw):  # a value holds a line break: value by value, rarely needed
        text = "\n".join(cell.replace("\n", " ") for cell in raw)
    text = text.casefold()
    if not text.isascii():
        if max(text) >= _BEYOND_LATIN:  # other scripts keep their letters: value by value
            return [" ".join(tokens(cell)) for cell in raw]
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.encode("ascii").translate(_SEPARATORS).decode("ascii").split("\n")


def infer_kind(cells: Sequence[str]) -> Kind:
    present = [cell.strip() for cell in cells[:_PROBE] if cell.strip()]
    if not present:
        return Kind.CODE
    if all(_NUMBER.fullmatch(cell) for cell in present) and any(
        any(mark in cell for mark in ".,-+eE") for cell in present
    ):
        return Kind.NUMBER
    with_words = sum(1 for cell in present if _has_word(cell))
    return Kind.TEXT if with_words * 2 > len(present) else Kind.CODE


def _has_word(cell: str) -> bool:
    # Three letters in a row make a word; "AB-1234", "12B" or "CAM-018-XL" stay codes.
    if _DIGIT.search(cell) and not _SPACE.search(cell):
        return False
    return _THREE_LETTERS.search(cell) is not None


def _number_text(cell: str) -> str:
    text = cell.strip().replace(",", ".")
    try:
        return repr(float(text)) if text else ""
    except ValueError:
        return text[:MAX_CHARS]


def _digit_codes(values: np.ndarray[Any, Any], kind: Kind) -> np.ndarray[Any, Any]:
    if kind is not Kind.TEXT:
        return np.zeros(len(values), dtype=np.int64)
    # One regex pass over all values joined: words of two letters or more go, digits and lone letters stay.
    marks = _lines(_WORDS.sub("", "\n".join(values.tolist())))
    numbering = dict.fromkeys(["", *marks])
    number_of = dict(zip(numbering, range(len(numbering)), strict=True))
    return np.fromiter(map(number_of.__getitem__, marks), dtype=np.int64, count=len(marks))


def _numbers(values: np.ndarray[Any, Any], kind: Kind) -> np.ndarray[Any, Any]:
    out = np.full(len(values), np.nan)
    if kind is Kind.NUMBER:
        for code, value in enumerate(values):
            with contextlib.suppress(ValueError):
                out[code] = float(value) if value else np.nan
    return out
