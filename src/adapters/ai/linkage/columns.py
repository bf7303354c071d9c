"""Each compared column read once: its kind, its values normalised and numbered, how often each occurs.

Kinds decide the comparison (linkage/levels.py):
- NUMBER: quantities written with a fraction or a sign ("12.50", "-3"): exact / the same value rounded
  ("12.5" and "12.49") / one keystroke away as written ("341.79" and "314.79") / different.
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
import pyarrow as pa
import pyarrow.compute as pc

from adapters.ai.linkage import text_kernels as kernels
from domain.enrichment.record_text import ABBREVIATIONS, tokens

MAX_CHARS = 64  # cells are cut to this before comparing: bounded cost per comparison
_PROBE = 2_000
_NUMBER = re.compile(r"[+-]?(\d+[.,]\d*|\d*[.,]\d+|\d+)([eE][+-]?\d+)?")
_BEYOND = re.compile("[^\u0000-\u024f]")  # beyond Latin: letters that dropping accents would lose
# Every ASCII byte that is not a lowercase letter, a digit or a line break becomes a space.
_SEPARATORS = bytes(c if chr(c).isdigit() or "a" <= chr(c) <= "z" or c == 10 else 32 for c in range(256))
_DIGIT, _SPACE, _THREE_LETTERS = re.compile(r"\d"), re.compile(r"\s"), re.compile(r"[^\W\d_]{3}")


class Kind(Enum):
    TEXT = "text"
    CODE = "code"
    NUMBER = "number"


@dataclass(frozen=True)
class LinkColumn:
    """One column: `codes[row]` numbers its value (0 = empty); arrays below are indexed by code."""

    kind: Kind
    codes: np.ndarray[Any, Any]  # int64, one per row
    values: pa.StringArray  # the normalised value of each code ("" for code 0)
    counts: np.ndarray[Any, Any]  # int64: rows holding each code
    digits: np.ndarray[Any, Any]  # int64: for TEXT, the number of its digits and 1-letter words (0 = none)
    numbers: np.ndarray[Any, Any]  # float64: for NUMBER, the value (other kinds: empty)
    lengths: np.ndarray[Any, Any]  # int64: characters of the normalised value
    spaced: np.ndarray[Any, Any]  # bool: the normalised value holds several words
    rounding: np.ndarray[Any, Any]  # float64: for NUMBER, half a unit of its last written decimal (or empty)

    @property
    def filled(self) -> int:
        return int(self.counts[1:].sum())

    @property
    def identifies_rows(self) -> bool:
        """Nearly every filled row has its own value: an id, where one edit away is the next id."""
        return len(self.values) - 1 >= 0.9 * self.filled


def read_column(cells: Sequence[str]) -> LinkColumn:
    raw = pc.dictionary_encode(kernels.string_array(cells))
    return read_encoded(raw.dictionary, raw.indices.to_numpy().astype(np.int64))


def read_encoded(distinct: pa.StringArray, indexes: np.ndarray[Any, Any]) -> LinkColumn:
    """The column whose row k holds `distinct[indexes[k]]`."""
    kind = infer_kind(distinct.take(pa.array(indexes[:_PROBE])).to_pylist())
    # Whole-column kernels (text_kernels.py): each distinct raw value is normalised once, and the
    # rows only meet integer arrays.
    codes_of_raw, values = kernels.numbered(_normalise_all(distinct, kind))
    codes = codes_of_raw[indexes]
    counts = np.bincount(codes, minlength=len(values)).astype(np.int64)
    numbers, rounding = _numbers(values, kind)
    return LinkColumn(
        kind,
        codes,
        values,
        counts,
        _digit_codes(values, kind),
        numbers,
        kernels.lengths(values),
        pc.match_substring(values, " ").to_numpy(zero_copy_only=False),
        rounding,
    )


def _normalise_all(raw: pa.StringArray, kind: Kind) -> pa.StringArray:
    if kind is Kind.NUMBER:  # a slice of values at a time: one slice of Python strings is held
        return pa.concat_arrays(
            [pa.array(list(map(_number_text, part.to_pylist())), type=pa.string()) for part in _slices(raw)]
        )
    folded = kernels.folded(raw, _fold_all)
    if kind is Kind.CODE:
        return kernels.cut(kernels.without_spaces(folded), MAX_CHARS)
    # Abbreviations expanded word by word; word order is left to the comparison (token-sorted ratio).
    return kernels.cut(kernels.words(folded, ABBREVIATIONS), MAX_CHARS)


def _fold_all(raw: list[str]) -> list[str]:
    """Casefolded, accents dropped, punctuation turned into spaces: one C-level pass over all values."""
    text = "\n".join(raw)
    if text.count("\n") >= len(raw):  # a value holds a line break: value by value, rarely needed
        text = "\n".join(cell.replace("\n", " ") for cell in raw)
    text = text.casefold()
    if not text.isascii():
        if _BEYOND.search(text):  # other scripts keep their letters: value by value
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


def _digit_codes(values: pa.StringArray, kind: Kind) -> np.ndarray[Any, Any]:
    if kind is not Kind.TEXT:
        return np.zeros(len(values), dtype=np.int64)
    # Words of two letters or more go, digits and lone letters stay: "calle 12 b" -> "12 b".
    codes, _ = kernels.numbered(kernels.squeezed(kernels.without_long_letter_runs(values)))
    return codes


def _numbers(values: pa.StringArray, kind: Kind) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Each value as a float, and half a unit of its last decimal as written (normalised: "5.40" is
    "5.4"): two values within the coarser one's rounding are one value written to other precisions.

    Other kinds are never compared as numbers: both arrays are empty (two floats a distinct value of
    every column were some 6 MB at 200,000 rows, held until the end of the comparison).
    """
    if kind is not Kind.NUMBER:
        return np.empty(0), np.empty(0)
    out, rounding = np.full(len(values), np.nan), np.zeros(len(values))
    code = 0
    for part in _slices(values):
        for value in part.to_pylist():
            with contextlib.suppress(ValueError):
                out[code] = float(value) if value else np.nan
                rounding[code] = _rounding(value, out[code])
            code += 1
    # Normalising drops trailing zeros ("10.00" is "10.0"): no value is rounded coarser than the
    # column's usual precision (in a column of cents, "10.0" was 10.00, not 10 give or take 0.5).
    if len(values) > 1:
        rounding = np.minimum(rounding, np.median(rounding[1:]))
    return out, rounding


def _rounding(text: str, number: float) -> float:
    if "e" in text or "E" in text:  # exponent forms (repr of very large or small values): near-exact
        return abs(number) * 1e-9
    fraction = text.partition(".")[2].rstrip("0")
    return 0.5 * 10.0 ** -len(fraction)


def _slices(values: pa.StringArray, size: int = 1 << 16) -> list[pa.StringArray]:
    """`values` in slices (views, no copy), so that converting them to Python holds one slice at a time."""
    return [values.slice(start, size) for start in range(0, len(values), size)] or [values]
