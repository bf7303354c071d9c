"""Strict CSV parsing in batches, where a broken record costs one row, not the rest of the file.

Lines are read a chunk at a time. A chunk without any quote character, and no line longer than the field
limit, cannot hold anything `csv` would treat specially, so its lines are split on the delimiter directly
(several times faster than `csv.reader`, same cells: a blank line gives `['']` where `csv` gives `[]`, and
both are blank rows). Other chunks go through `csv.reader` in strict mode, which raises on an unterminated
quote (at the end of the data, or when the runaway field meets a stray quote) and on a field over the size
limit. A quoted record may run past its chunk: `csv` then pulls further lines until the record ends, so the
fast path only resumes on a record boundary.

Recovery, in linear time. A record that spans lines is inside a quoted field at every line break it
crosses, and from such a point `csv` goes on the same way whichever line the record began on. So when a
record breaks, parsing resumes on the line after its first one, and any record that is still open at a line
break the broken record crossed would break the same way: it is reported at once instead of being parsed
to the same end again (a file whose every row opens a quote costs a few passes, not one per row). A record
that spans several lines may hold at most twice the field limit in characters (one field at the limit and
the rest of its row), which bounds the lines kept for a restart.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from domain.validation.text_source import TextLines


class ParseFailure(list[str]):
    """Stands in a batch for a record that could not be parsed (it has no cells)."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


_CHARS_PER_ROW = 64  # turns a batch size in rows into a chunk size in characters
_RESUMED = "parsing resumed on the next line"


class _Broken(Exception):
    """Raised from the line feed to stop `csv.reader` in a record that cannot end well."""


_NUL = "\x00"


class _Lines:
    """The file's lines by number, read a chunk at a time; only lines a restart may need are kept."""

    def __init__(self, source: TextLines, chunk_chars: int) -> None:
        self._source = source
        self._chunk_chars = chunk_chars
        self.kept: list[str] = []
        self.first = 0  # file line number of kept[0]
        self.pulled = 0  # lines read from the source so far

    def next_chunk(self) -> list[str]:
        chunk = self._source.readlines(self._chunk_chars)
        if any(_NUL in line for line in chunk):
            # A NUL is binary, not text (uploads refuse one in their first 8 KiB): past that, it becomes the
            # lone surrogate of an undecodable 0x00 byte, so both passes report it as an encoding error.
            chunk = [line.replace(_NUL, "\udc00") for line in chunk]
        self.kept.extend(chunk)
        self.pulled += len(chunk)
        return chunk

    def forget_before(self, line: int) -> None:
        # Amortised: drop the dead prefix only once it is as long as what is left.
        dead = line - self.first
        if dead and dead * 2 >= len(self.kept):
            del self.kept[:dead]
            self.first = line


class _Feed:
    """Hands `csv.reader` one line at a time and stops a record that is too long or runs into a broken one."""

    def __init__(self, lines: _Lines, start: int, max_record_chars: int) -> None:
        self._lines = lines
        self._max_record_chars = max_record_chars
        self.position = start  # the next line to hand out
        self.record_start = start
        self._record_chars = 0
        self._broken_until = -1  # line breaks up to here were crossed by a broken record
        self._broken_message = ""

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        lines, position = self._lines, self.position
        if position == lines.pulled and not lines.next_chunk():
            raise StopIteration
        line = lines.kept[position - lines.first]
        if position == self.record_start:
            self._record_chars = len(line)
        else:
            # `csv` asks for another line before its record ended: it is inside a quoted field here.
            self._record_chars += len(line)
            if position <= self._broken_until:
                raise _Broken(self._broken_message)
            if self._record_chars > self._max_record_chars:
                self._broken_until = position
                raise _Broken(
                    f"a record runs over more than {self._max_record_chars} characters across lines "
                    f"(an unclosed quote?); {_RESUMED}"
                )
        self.position = position + 1
        return line

    def record_ended(self) -> None:
        self.record_start = self.position
        self._lines.forget_before(self.position)

    def broke(self, error: Exception) -> ParseFailure:
        """The failure for the record being read; the next one starts on the line after its first."""
        if isinstance(error, _Broken):
            message = str(error)
        else:
            message = _message(error)
            # The line `csv` failed on was read from inside the record's quoted field only if it is not
            # the record's first line; the line break after it was never crossed.
            self._broken_until = max(self._broken_until, self.position - 1)
        self._broken_message = message
        self.position = self.record_start = self.record_start + 1
        return ParseFailure(message)


def read_batches(
    lines: TextLines, delimiter: str, batch_size: int, max_record_chars: int | None = None
) -> Iterator[list[list[str]]]:
    """Yield lists of records in file order; blank lines are `[]` or `['']`, broken ones `ParseFailure`s."""
    source = _Lines(lines, max(1 << 12, batch_size * _CHARS_PER_ROW))
    limit = csv.field_size_limit()
    record_cap = max_record_chars if max_record_chars is not None else 2 * limit
    while True:
        start = source.pulled
        chunk = source.next_chunk()
        if not chunk:
            return
        # Joined only when no line is over the limit: a copy of one huge line would double the memory.
        text = "".join(chunk) if max(map(len, chunk)) <= limit else '"'
        if '"' not in text:
            source.forget_before(source.pulled)
            yield _split(text, chunk, delimiter)
        else:
            yield from _parsed(_Feed(source, start, record_cap), source, delimiter)


def _split(text: str, chunk: list[str], delimiter: str) -> list[list[str]]:
    if "\r" in text:
        return [line.rstrip("\r\n").split(delimiter) for line in chunk]
    records = text.split("\n")
    if not records[-1]:
        records.pop()  # the text ends with a line break
    return [record.split(delimiter) for record in records]


def _parsed(feed: _Feed, lines: _Lines, delimiter: str) -> Iterator[list[list[str]]]:
    """Records with `csv.reader` until a record ends exactly where the pulled lines end."""
    while True:
        reader = csv.reader(feed, delimiter=delimiter, strict=True)
        batch: list[list[str]] = []
        try:
            for record in reader:
                batch.append(record)
                feed.record_ended()
                if feed.position == lines.pulled:
                    break
        except (csv.Error, _Broken) as error:
            batch.append(feed.broke(error))
            yield batch
            continue
        if batch:
            yield batch
        return


def _message(error: Exception) -> str:
    text = str(error)
    if "field limit" in text:
        return f"a field is longer than the limit ({text}); {_RESUMED}"
    if "unexpected end of data" in text or "expected after" in text:
        return f"unterminated quoted field; {_RESUMED}"
    return f"malformed record ({text}); {_RESUMED}"
