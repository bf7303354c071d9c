"""Strict CSV parsing in batches, where a broken record costs one row, not the rest of the file.

Lines are read a chunk at a time. A chunk without any quote character, and no line longer than the field
limit, cannot hold anything `csv` would treat specially, so its lines are split on the delimiter directly
(several times faster than `csv.reader`, same cells: a blank line gives `['']` where `csv` gives `[]`, and
both are blank rows). Other chunks go through `csv.reader` in strict mode, which raises on an unterminated
quote (at the end of the data, or when the runaway field meets a stray quote) and on a field over the size
limit. The lines read since the batch began are kept, so parsing resumes on the line after the one where the
broken record started. A quoted record may run past its chunk: `csv` then pulls further chunks until the
record ends, so the fast path only resumes on a record boundary.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import chain
from typing import TextIO


class ParseFailure(list[str]):
    """Stands in a batch for a record that could not be parsed (it has no cells)."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


_CHARS_PER_ROW = 64  # turns a batch size in rows into a chunk size in characters


class _Chunks:
    """Reads lines a chunk at a time and keeps the chunks the current batch may need to re-read."""

    def __init__(self, lines: TextIO, chunk_chars: int) -> None:
        self._lines = lines
        self._chunk_chars = chunk_chars
        self._kept: list[tuple[int, list[str]]] = []
        self.pulled = 0  # lines handed out so far, counted from the start of the file

    def next_chunk(self) -> list[str]:
        chunk = self._lines.readlines(self._chunk_chars)
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
    """Yield lists of records in file order; blank lines are `[]` or `['']`, broken ones `ParseFailure`s."""
    chunks = _Chunks(lines, max(1 << 12, batch_size * _CHARS_PER_ROW))
    limit = csv.field_size_limit()
    while True:
        start = chunks.pulled
        chunk = chunks.next_chunk()
        if not chunk:
            return
        text = "".join(chunk)
        if '"' not in text and max(map(len, chunk)) <= limit:
            chunks.forget_before(chunks.pulled)
            yield _split(text, chunk, delimiter)
        else:
            yield from _parsed(chunks, start, delimiter)


def _split(text: str, chunk: list[str], delimiter: str) -> list[list[str]]:
    if "\r" in text:
        return [line.rstrip("\r\n").split(delimiter) for line in chunk]
    records = text.split("\n")
    if not records[-1]:
        records.pop()  # the text ends with a line break
    return [record.split(delimiter) for record in records]


def _parsed(chunks: _Chunks, start: int, delimiter: str) -> Iterator[list[list[str]]]:
    """Records from `start` with `csv.reader` until a record ends exactly where the pulled lines end."""
    base = start  # the file line where the current reader started
    while True:
        rest = chain(chunks.lines_from(base), chain.from_iterable(iter(chunks.next_chunk, [])))
        reader = csv.reader(rest, delimiter=delimiter, strict=True)
        batch: list[list[str]] = []
        try:
            for record in reader:
                batch.append(record)
                if base + reader.line_num == chunks.pulled:
                    break
        except csv.Error as error:
            pulled = chunks.lines_from(base)[: reader.line_num]
            base += _broken_record_line(pulled, len(batch), delimiter) + 1
            batch.append(ParseFailure(_message(error)))
            yield batch
            if base >= chunks.pulled:
                chunks.forget_before(base)
                return
            continue
        chunks.forget_before(chunks.pulled)
        if batch:
            yield batch
        return


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
