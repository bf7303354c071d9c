"""How a file writes numbers and dates, decided once from its first bytes (the same for both passes).

- A decimal comma: the file is delimited with `;` (how Spanish and other European Excel versions export).
- Dots grouping thousands (`1.234,56`): such a `;` file shows grouped numbers and no dot decimals
  (`12.50`); a file that writes both is not consistent about it and keeps the older reading.
- Slash dates: a first part above 12 (`31/12/2024`) makes them day-first, a second part above 12
  (`12/31/2024`) month-first; a file that shows both keeps them text. When nothing settles it, the
  dataset's locale decides: month-first for `en-US`, day-first otherwise (Spanish exports included).
"""

from __future__ import annotations

import re

from domain.validation.report import CellLocale

MONTH_FIRST_LOCALES = frozenset({"en-us", "en_us"})
_SLASH = re.compile(r"(?<![0-9/])([0-9]{1,2})/([0-9]{1,2})/[0-9]{4}(?![0-9/])")
_EDGE = r"(?<![0-9.,]){}(?![0-9.,])"
_GROUPED = re.compile(_EDGE.format(r"-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]{1,12})?"))
_DOT_DECIMAL = re.compile(_EDGE.format(r"-?[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})"))


def detect_locale(sample: str, delimiter: str, dataset_locale: str | None = None) -> CellLocale:
    comma_decimal = delimiter == ";"
    group_dot = comma_decimal and bool(_GROUPED.search(sample)) and not _DOT_DECIMAL.search(sample)
    firsts, seconds = False, False
    for match in _SLASH.finditer(sample):
        firsts = firsts or int(match.group(1)) > 12
        seconds = seconds or int(match.group(2)) > 12
    day_first: bool | None
    if firsts and seconds:
        day_first = None
    elif firsts or seconds:
        day_first = firsts
    else:
        day_first = (dataset_locale or "").lower() not in MONTH_FIRST_LOCALES
    return CellLocale(comma_decimal=comma_decimal, group_dot=group_dot, day_first=day_first)
