"""Seeded CSV files for the engines' differential test: ordinary ones and every pathology we know.

Each file mixes typed columns with the odd cases the row engine has rules for (leading zeros, 18-digit
ids, locale decimals, slash dates, formulas, padding, blanks, ragged rows, duplicates, BOMs, CRLF), and
some carry what only the row engine may read (quotes, multi-line records, undecodable bytes, NULs).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import NamedTuple

Cell = Callable[[random.Random, int], str]

_WORDS = ["alpha", "Beta", "gamma delta", "ñandú", "中文", "x@y.com", "a-b", "T", "Z", "N/A", "-", "tz"]
_ODD = [
    "",
    "",
    " ",
    "  ",
    " a",
    "a ",
    "=SUM(A1)",
    "+1",
    "-x",
    "@cmd",
    "007",
    "000",
    "-0",
    "123456789012345678",
    "1.234,56",
    "1,5",
    "12.5",
    "1e5",
    "31/12/2024",
    "12/31/2024",
    "2024-02-29",
    "2024-02-30",
    "2023-02-29",
    "2024-01-01 10:00:00",
    "2024-01-01T25:00:00",
    "true",
    "FALSE",
    "Sí",
    "SÍ",
    "yes",
    "n",
    "\u017fi",  # a long s: lower() keeps it, so no boolean
    "\t",
    "\xa0",
    "a\xa0",
    "\x1c",
    "9999999999999999",
    "-5",
    "0.000000000001",
    "1.0000000000001",
    "NaN",
]


def _integer(rng: random.Random, row: int) -> str:
    return str(rng.choice([row, rng.randint(-1000, 10**6), rng.randint(0, 9)]))


def _decimal(rng: random.Random, row: int) -> str:
    return f"{rng.randint(-99999, 999999) / 100:.2f}"


def _comma_decimal(rng: random.Random, row: int) -> str:
    return f"{rng.randint(0, 999999) / 100:.2f}".replace(".", ",")


def _date(rng: random.Random, row: int) -> str:
    return f"{rng.randint(1990, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _slash_date(rng: random.Random, row: int) -> str:
    return f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(1990, 2030)}"


def _datetime(rng: random.Random, row: int) -> str:
    sep = rng.choice("T ")
    zone = rng.choice(["", "Z", "+01:00"])
    return f"{_date(rng, row)}{sep}{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00{zone}"


def _boolean(rng: random.Random, row: int) -> str:
    return rng.choice(["true", "false", "True", "FALSE", "yes", "no", "sí", "n"])


def _text(rng: random.Random, row: int) -> str:
    return rng.choice(_WORDS) + (str(rng.randint(0, 50)) if rng.random() < 0.5 else "")


def _id18(rng: random.Random, row: int) -> str:
    return str(10**17 + row)


def _code(rng: random.Random, row: int) -> str:
    return f"{rng.randint(0, 999):04d}"


KINDS: list[Cell] = [_integer, _decimal, _date, _datetime, _boolean, _text, _id18, _code, _slash_date]


class _Shape(NamedTuple):
    delimiter: str
    kinds: list[Cell]
    rows: int


def _shape(rng: random.Random) -> _Shape:
    """The first draws from a seed: delimiter, column kinds and row count."""
    semicolon = rng.random() < 0.25
    delimiter = ";" if semicolon else rng.choice([",", ",", "\t", "|"])
    width = rng.randint(1, 7)
    kinds = [rng.choice([*KINDS, _comma_decimal] if semicolon else KINDS) for _ in range(width)]
    rows = rng.choice([0, 1, 3, 40, 400, 1500, 3000])
    return _Shape(delimiter, kinds, rows)


def planned_rows(seed: int) -> int:
    """How many data rows `generated_file(seed)` draws, without drawing them (cheap at collection)."""
    return _shape(random.Random(seed)).rows


def generated_file(seed: int) -> bytes:
    """One file: its shape, its oddities and its encoding all drawn from `seed`."""
    rng = random.Random(seed)
    delimiter, kinds, rows = _shape(rng)
    width = len(kinds)
    odd_rate = rng.choice([0.0, 0.0, 0.001, 0.01, 0.1, 0.5])
    header = [
        rng.choice(["id", "name", "amount", "when", "flag", "code", " padded ", "Ünï"]) + str(i)
        for i in range(width)
    ]
    lines = [delimiter.join(header)]
    kept: list[str] = []
    for row in range(2, rows + 2):
        cells = [kind(rng, row) for kind in kinds]
        for index in range(width):
            if rng.random() < odd_rate:
                cells[index] = rng.choice(_ODD)
        roll = rng.random()
        if roll < odd_rate / 10:
            line = ""  # a blank line
        elif roll < odd_rate / 5:
            line = delimiter.join(cells[: rng.randint(0, width - 1)] if width > 1 else [*cells, "extra"])
        elif roll < odd_rate / 3:
            line = delimiter.join([*cells, "surplus"])
        elif kept and roll < odd_rate / 2:
            line = rng.choice(kept)  # a duplicate row
        else:
            line = delimiter.join(cell.replace(delimiter, " ") for cell in cells)
        if len(kept) < 50:
            kept.append(line)
        lines.append(line)
    newline = "\r\n" if rng.random() < 0.2 else "\n"
    text = newline.join(lines) + (newline if rng.random() < 0.8 else "")
    data = text.encode("utf-8")
    if rng.random() < 0.15:
        data = b"\xef\xbb\xbf" + data  # a UTF-8 byte order mark
    return _row_engine_only(rng, data, delimiter) if rng.random() < 0.2 else data


def _row_engine_only(rng: random.Random, data: bytes, delimiter: str) -> bytes:
    """Add something only the row engine reads exactly: the columnar validator must hand the file over."""
    separator = delimiter.encode()
    choice = rng.randrange(6)
    tail = [
        b'\n"quoted' + separator + b'field"' + separator + b"1\n",
        b'\n"multi\nline"' + separator + b"2\n",
        b"\nbad \xff byte" + separator + b"3\n",
        b"\nnul \x00 byte" + separator + b"4\n",
        b"\nlone\rcarriage" + separator + b"5\n",
        b"\n" + b"y" * 140_000 + b"\n",
    ][choice]
    return data + tail
