"""Turning header cells into safe, unique SQL column names."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 63
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise_name(source: str) -> str:
    """ASCII, lower case, `_` between words, never starting with a digit or `_` (`_x` names are reserved).

    Returns "" when nothing usable is left (a blank header).
    """
    ascii_text = unicodedata.normalize("NFKD", source).encode("ascii", "ignore").decode("ascii")
    name = _NOT_ALNUM.sub("_", ascii_text.lower()).strip("_")
    if name[:1].isdigit():
        name = "c_" + name
    return name[:MAX_NAME].rstrip("_")


def unique_names(header: list[str]) -> tuple[list[str], list[int], list[tuple[int, str]]]:
    """Names for every header cell, the indexes of blank ones, and (index, first name) of collisions.

    Blank headers are named `column_N` (1-based); a name seen before gets a `_2`, `_3`... suffix so the
    report still has one distinct name per column.
    """
    names: list[str] = []
    blanks: list[int] = []
    collisions: list[tuple[int, str]] = []
    taken: set[str] = set()
    for index, source in enumerate(header):
        name = normalise_name(source)
        if not name:
            blanks.append(index)
            name = f"column_{index + 1}"
        if name in taken:
            collisions.append((index, name))
            suffix = 2
            while f"{name[: MAX_NAME - 4]}_{suffix}" in taken:
                suffix += 1
            name = f"{name[: MAX_NAME - 4]}_{suffix}"
        taken.add(name)
        names.append(name)
    return names, blanks, collisions
