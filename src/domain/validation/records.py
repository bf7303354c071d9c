"""Strict CSV parsing in batches, where a broken record costs one row, not the rest of the file.

`csv` in strict mode raises on an unterminated quote (at the end of the data, or when the runaway field
meets a stray quote) and on a field over the size limit. The lines read since the batch began are kept, so
parsing resumes on the line after the one where the broken record started.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import chain, islice
from typing import TextIO


class ParseFailure(list[str]):
    """Stands in a batch for a record that could not be parsed (it has no cells)."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


_CHUNK_CHARS = 1 << 16


class _Chunks:
    """Reads lines a chunk at a time and keeps the chunks the current batch may need to re-read."""

    def __init__(self, lines: TextIO) -> None:
        self._lines = lines
        self._kept: list[tuple[int, list[str]]] = []
        self.pulled = 0  # lines handed out so far, counted from the start of the file

    def next_chunk(self) -> list[str]:
        chunk = self._lines.readlines(_CHUNK_CHARS)
        self._kept.append((self.pulled, chunk))
        self.pulled += len(chunk)
        return chunk

    def forget_before(self, line: int) -> None:
        while self._kept and self._kept[0][0] + len(self._kept[0][1]) <= line:
            self._kept.pop(0)

    def lines_from(self, line: int) -> list[str]:
        lines: list[str] = []
        for start, chunk in self._kept:
            lines.extend(chunk[max(0, line - start) :])
        return lines


def read_batches(lines: TextIO, delimiter: str, batch_size: int) -> Iterator[list[list[str]]]:
    """Yield lists of records in file order; blank lines are `[]`, broken records `ParseFailure`s."""
    chunks = _Chunks(lines)
    rest = chain.from_iterable(iter(chunks.next_chunk, []))
    reader = csv.reader(rest, delimiter=delimiter, strict=True)
    base = 0  # the file line where the current reader started
    while True:
        batch_start = base + reader.line_num
        chunks.forget_before(batch_start)
        batch: list[list[str]] = []
        try:
            batch.extend(islice(reader, batch_size))
        except csv.Error as error:
            pulled = chunks.lines_from(batch_start)[: base + reader.line_num - batch_start]
            base = batch_start + _broken_record_line(pulled, len(batch), delimiter) + 1
            batch.append(ParseFailure(_message(error)))
            replay = chunks.lines_from(base)
            rest = chain(replay, chain.from_iterable(iter(chunks.next_chunk, [])))
            reader = csv.reader(rest, delimiter=delimiter, strict=True)
            yield batch
            continue
        if not batch:
            return
        yield batch


def _broken_record_line(pulled: list[str], parsed: int, delimiter: str) -> int:
    """Where (counted in `pulled`) the broken record starts, found by re-parsing this batch's lines."""
    reader = csv.reader(iter(pulled), delimiter=delimiter, strict=True)
    for _ in range(parsed):
        next(reader)
    return reader.line_num


def _message(error: csv.Error) -> str:
    text = str(error)
    if "field limit" in text:
        return f"a field is longer than the limit ({text}); parsing resumed on the next line"
    if "unexpected end of data" in text or "expected after" in text:
        return "unterminated quoted field; parsing resumed on the next line"
    return f"malformed record ({text}); parsing resumed on the next line"
