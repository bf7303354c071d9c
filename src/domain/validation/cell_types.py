"""How a cell's text is classified, matched in bulk, and converted to a typed value.

Decisions (kept here so every pass applies exactly the same ones):
- A value is classified after trimming surrounding whitespace; string values are loaded untrimmed.
- Integers: an optional `-`, no leading zeros (`007` stays text), at most 15 digits (longer digit runs are
  IDs or phone numbers and stay text), so every integer fits signed 64-bit.
- Decimals: integers plus `1234.56`, `-0.5` (a fraction of 1 to 12 digits: what the databases' NUMERIC(38, 12)
  stores exactly). When the file's delimiter is `;` (Spanish/European Excel exports), a comma is also read
  as the decimal separator (`1234,56`). When such a file writes thousands with dots (`1.234,56`, and no
  dot decimals), `.` groups thousands and `,` is the only decimal separator (`CellLocale.group_dot`).
- Booleans: true/false, yes/no, y/n, si/sí/s, verdadero/falso (any case). `1`/`0` are integers.
- Dates: ISO `YYYY-MM-DD`, and `D/M/YYYY` or `M/D/YYYY` as the file's `CellLocale.day_first` says (decided
  per file: a day above 12 settles it, else the locale); a file that writes both orders keeps them text.
- Datetimes: ISO 8601 with `T` or a space, optional seconds, fraction and timezone (`Z`, `+01:00`).
  A plain date also fits a datetime column (as midnight).
- A leading `+` is not a number (spreadsheets would evaluate it; it is reported as formula injection).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from domain.validation.report import CellLocale, ColumnType
from domain.validation.typed_row import CellValue

# Patterns spell digits [0-9]: `\d` would also accept Arabic-Indic and other Unicode digits.

# Exclusive classes of a single value.
EMPTY, C_BOOL, C_INT, C_DEC, C_DATE, C_DATETIME, C_TEXT = range(7)

TYPE_ORDER: tuple[ColumnType, ...] = (
    ColumnType.BOOLEAN,
    ColumnType.INTEGER,
    ColumnType.DECIMAL,
    ColumnType.DATE,
    ColumnType.DATETIME,
    ColumnType.STRING,
)
ACCEPTS: dict[ColumnType, frozenset[int]] = {
    ColumnType.BOOLEAN: frozenset({C_BOOL}),
    ColumnType.INTEGER: frozenset({C_INT}),
    ColumnType.DECIMAL: frozenset({C_INT, C_DEC}),
    ColumnType.DATE: frozenset({C_DATE}),
    ColumnType.DATETIME: frozenset({C_DATE, C_DATETIME}),
    ColumnType.STRING: frozenset({C_BOOL, C_INT, C_DEC, C_DATE, C_DATETIME, C_TEXT}),
}
TRUE_WORDS = frozenset({"true", "yes", "y", "si", "sí", "s", "verdadero"})
BOOL_WORDS = TRUE_WORDS | frozenset({"false", "no", "n", "falso"})
_BOOL_ALTERNATIVES = "|".join(sorted(BOOL_WORDS, key=lambda word: (-len(word), word)))

_INT = r"-?(?:0|[1-9][0-9]{0,14})"
_DATE = (
    r"[1-9][0-9]{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_TIME = (
    r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{3}|\.[0-9]{6})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
)


def as_locale(locale: CellLocale | bool) -> CellLocale:
    """A locale; a bare bool is the older `comma_decimal` flag (no grouping, slash dates are text)."""
    return CellLocale(comma_decimal=locale) if isinstance(locale, bool) else locale


def _number_re(locale: CellLocale) -> re.Pattern[str]:
    if locale.group_dot:
        whole = r"(?:0|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,17})"
        return re.compile(rf"-?{whole}(?:,([0-9]{{1,12}}))?")
    separator = "[.,]" if locale.comma_decimal else r"\."
    return re.compile(rf"-?(?:0|[1-9][0-9]{{0,17}})(?:{separator}([0-9]{{1,12}}))?")


_NUMBERS: dict[CellLocale, re.Pattern[str]] = {}
_SLASH_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([1-9][0-9]{3})")


def _number(locale: CellLocale) -> re.Pattern[str]:
    found = _NUMBERS.get(locale)
    if found is None:
        found = _NUMBERS[locale] = _number_re(locale)
    return found


def slash_date(text: str, day_first: bool | None) -> date | None:
    """The date a `D/M/YYYY` (day first) or `M/D/YYYY` text stands for, None if it is none."""
    match = _SLASH_DATE.fullmatch(text)
    if match is None or day_first is None:
        return None
    first, second, year = map(int, match.groups())
    day, month = (first, second) if day_first else (second, first)
    try:
        return date(year, month, day)
    except ValueError:
        return None


_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME_SHAPE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
)


def classify(value: str, locale: CellLocale | bool) -> int:
    """The exclusive class of one value: the authority both passes agree on."""
    text = value.strip()
    if not text:
        return EMPTY
    if text.lower() in BOOL_WORDS:
        return C_BOOL
    locale = as_locale(locale)
    number = _number(locale).fullmatch(text)
    if number is not None:
        if number.group(1) is not None:
            return C_DEC
        digits = text.replace(".", "") if locale.group_dot else text
        return C_INT if len(digits.lstrip("-")) <= 15 else C_TEXT
    if "/" in text:
        return C_DATE if slash_date(text, locale.day_first) is not None else C_TEXT
    if _DATE_SHAPE.fullmatch(text):
        return C_DATE if _parses(date.fromisoformat, text) else C_TEXT
    if _DATETIME_SHAPE.fullmatch(text):
        return C_DATETIME if _parses(datetime.fromisoformat, text) else C_TEXT
    return C_TEXT


def _parses(parse: Callable[[str], object], text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


# Shapes a column batch is checked against in one regex call over its cells joined with SEP. Each cell
# pattern only matches values that `classify` puts in the shape's classes, with no padding and no formula
# prefix; anything else (or a failed match) takes the per-cell path, which is always exact.
SEP = "\x00"
SHAPE_CLASSES: dict[int, tuple[int, ...]] = {
    C_BOOL: (C_BOOL,),
    C_INT: (C_INT,),
    C_DEC: (C_INT, C_DEC),
    C_DATE: (C_DATE,),
    C_DATETIME: (C_DATE, C_DATETIME),
    C_TEXT: (C_TEXT,),
}
_TEXT_ONLY = r"[^\x000-9\s\-.,:+TZ/]"  # a character no number, date or datetime contains
_CELLS = {
    C_BOOL: f"(?i:{_BOOL_ALTERNATIVES})",
    C_INT: _INT,
    C_DATE: _DATE,
    C_DATETIME: _DATE + "(?:[T ]" + _TIME + ")?",
    C_TEXT: (
        rf"(?![=+\-@\s])(?!(?i:{_BOOL_ALTERNATIVES})(?:\x00|\Z))"
        rf"(?=[^\x00]*?{_TEXT_ONLY})[^\x00]*(?<!\s)"
    ),
}


def shape_pattern(shape: int, locale: CellLocale | bool) -> re.Pattern[str]:
    """Whole-batch pattern for a column of `shape`: cells of its classes or empty, joined with SEP.

    Grouped numbers (`1.234,56`) and slash dates are left to the exact per-cell route.
    """
    locale = as_locale(locale)
    if shape == C_DEC:
        fraction = r"(?:[.,][0-9]{1,12})?" if locale.comma_decimal else r"(?:\.[0-9]{1,12})?"
        cell = _INT + (r"(?:,[0-9]{1,12})?" if locale.group_dot else fraction)
    else:
        cell = _CELLS[shape]
    return re.compile(f"(?:{cell})?(?:\x00(?:{cell})?)*")


def wider_count(shape: int, joined: str) -> int:
    """In a batch that matched `shape_pattern`, how many cells are of the shape's wider class."""
    if shape == C_DEC:
        return joined.count(".") + joined.count(",")
    if shape == C_DATETIME:
        return joined.count("T") + joined.count(" ")
    return 0


def converter(kind: ColumnType, locale: CellLocale | bool) -> Callable[[str], CellValue]:
    """Turn a stripped value already classified as fitting `kind` into its Python value."""
    locale = as_locale(locale)
    if kind is ColumnType.INTEGER:
        return (lambda text: int(text.replace(".", ""))) if locale.group_dot else int
    if kind is ColumnType.DECIMAL:
        if locale.group_dot:
            return lambda text: Decimal(text.replace(".", "").replace(",", "."))
        return (lambda text: Decimal(text.replace(",", "."))) if locale.comma_decimal else Decimal
    if kind is ColumnType.BOOLEAN:
        return lambda text: text.lower() in TRUE_WORDS
    day_first = locale.day_first
    if kind is ColumnType.DATE:
        return lambda text: slash_date(text, day_first) if "/" in text else date.fromisoformat(text)
    if kind is ColumnType.DATETIME:

        def to_datetime(text: str) -> datetime:
            if "/" in text:
                return datetime.combine(slash_date(text, day_first) or date.min, datetime.min.time())
            return datetime.fromisoformat(text)

        return to_datetime
    return str
