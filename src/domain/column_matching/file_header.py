"""The header row of a file, read from its first bytes as the validation will read it."""

from __future__ import annotations

import re

from domain.validation.dialect import detect_delimiter
from domain.validation.reading import open_records
from domain.validation.records import ParseFailure
from domain.validation.text_source import decode_sample, detect_encoding

# Only \r\n, \r and \n end a line, as in a file opened with newline="" (not str.splitlines' others).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class _SampleLines:
    """The decoded sample's lines (breaks kept, as `newline=""` reads them), handed over once."""

    def __init__(self, text: str) -> None:
        self._lines: list[str] | None = _LINE.findall(text)

    def readlines(self, hint: int = -1, /) -> list[str]:
        lines, self._lines = self._lines or [], None
        return lines


class _Sample:
    """The first bytes as a `TextSource`: enough for a header, which is all that is read."""

    def __init__(self, text: str) -> None:
        self._text = text

    def head(self) -> bytes:
        return b""

    def text(self, encoding: str) -> _SampleLines:
        return _SampleLines(self._text)


def header_of(sample: bytes) -> list[str] | None:
    """The header cells, or None for an empty file, a broken header or one longer than `sample`."""
    if not sample:
        return None
    text = decode_sample(sample, detect_encoding(sample))
    first_break = text.find("\n")
    if first_break < 0 and len(sample) >= 64 * 1024:
        return None  # the header goes on past the sample: better no pairing than a wrong one
    header, _ = open_records(_Sample(text), "utf-8", detect_delimiter(text), 1)
    if header is None or isinstance(header, ParseFailure):
        return None
    return header
