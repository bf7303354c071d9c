"""Facts about one record that both passes must judge identically."""

from __future__ import annotations

from collections.abc import Sequence

FORMULA_STARTS = ("=", "+", "-", "@")


def is_blank(row: Sequence[str]) -> bool:
    return not "".join(row).strip()


def has_undecodable(row: Sequence[str]) -> bool:
    """True when a cell holds bytes the encoding could not decode (kept as lone surrogates)."""
    try:
        "".join(row).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def undecodable_cell(row: Sequence[str]) -> int:
    for index, cell in enumerate(row):
        if has_undecodable((cell,)):
            return index
    return 0


def duplicate_key(row: Sequence[str]) -> int:
    """A 64-bit digest of the trimmed cells: equal rows collide, and only it is kept per row.

    Python's string hash is used for speed; it is stable within a process, which is where both passes of
    one upload run.
    """
    return hash("\x00".join([cell.strip() for cell in row]))
