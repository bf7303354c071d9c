"""Per-cell RE2 patterns for Arrow's regex kernels, true only for cells `classify` puts in a shape's classes.

They restate `cell_types.shape_pattern` one cell at a time (Arrow matches each string, not a joined
batch), and without look-around, which RE2 lacks: the text shape becomes a conjunction of simple tests.
Whitespace is spelt out as exactly the characters Python's `str.strip` and `\\s` treat as whitespace (RE2's
`\\s` is narrower), and letters of the boolean words as their ASCII case pairs, which is what
`text.lower() in BOOL_WORDS` accepts.
"""

from __future__ import annotations

from itertools import product

from domain.validation.cell_types import (
    BOOL_WORDS,
    C_BOOL,
    C_DATE,
    C_DATETIME,
    C_DEC,
    C_INT,
    C_TEXT,
)
from domain.validation.report import CellLocale

_INT = r"-?(?:0|[1-9][0-9]{0,14})"
_DATE = (
    r"[1-9][0-9]{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_TIME = (
    r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{3}|\.[0-9]{6})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
)


# Every character `str.isspace` accepts (tests/unit/adapters/validation/test_cell_patterns.py checks the
# list against all of Unicode): working it out at import took half a CPU-second in every process.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
SPACES = "".join(f"\\x{{{ord(char):x}}}" for char in WHITESPACE)


def _letter(char: str) -> str:
    upper = char.upper()
    return f"[{char}{upper}]" if upper != char and len(upper) == 1 else char


_BOOL = "|".join("".join(map(_letter, word)) for word in sorted(BOOL_WORDS, key=lambda w: (-len(w), w)))
BOOL_CELL = f"^(?:{_BOOL})$"


def _spellings(word: str) -> list[str]:
    cases = [
        (char, char.upper()) if char.upper() != char and len(char.upper()) == 1 else (char,) for char in word
    ]
    return ["".join(letters) for letters in product(*cases)]


# Every spelling `text.lower() in BOOL_WORDS` accepts (about 600): a hash lookup is cheaper than the regex.
BOOL_SPELLINGS = sorted({spelling for word in BOOL_WORDS for spelling in _spellings(word)})

# Text: a first character no formula or padding starts with, a character no number or date holds, and a
# last character that is no padding.
_TEXT_ONLY = rf"[^\x{{0}}0-9{SPACES}\-.,:+TZ/]"
_TEXT_ONLY_FIRST = rf"[^\x{{0}}0-9{SPACES}\-.,:+TZ/=@]"
_FIRST = rf"[^=+\-@{SPACES}]"
_LAST = rf"[^{SPACES}]"
TEXT_CELL = rf"^(?:{_TEXT_ONLY_FIRST}|{_FIRST}.*{_TEXT_ONLY})(?:.*{_LAST})?$"


def cell_pattern(shape: int, locale: CellLocale) -> str | None:
    """The anchored pattern of one cell of `shape` (empty cells are counted apart); None: no such test."""
    if shape == C_BOOL:
        return BOOL_CELL  # tested with BOOL_SPELLINGS instead
    if shape == C_INT:
        return f"^{_INT}$"
    if shape == C_DEC:
        if locale.group_dot:
            return rf"^{_INT}(?:,[0-9]{{1,12}})?$"
        separator = "[.,]" if locale.comma_decimal else r"\."
        return rf"^{_INT}(?:{separator}[0-9]{{1,12}})?$"
    if shape == C_DATE:
        return f"^{_DATE}$"
    if shape == C_DATETIME:
        return f"^{_DATE}(?:[T ]{_TIME})?$"
    if shape == C_TEXT:
        return TEXT_CELL
    return None


# In a column whose cells all matched, the cells of the shape's wider class hold one of these.
WIDER_MARKS = {C_DEC: (".", ","), C_DATETIME: ("T", " ")}
