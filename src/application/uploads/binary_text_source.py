"""A binary file (a spooled upload, a copy of an archived object) as the engine's `TextSource`: the
validation adapters read through it, and so does the application where it writes a corrected copy."""

from __future__ import annotations

import io
from typing import BinaryIO

from domain.validation.text_source import SAMPLE_BYTES, UNDECODABLE, codec_of


class BinaryTextSource:
    """Reads `binary` from its start whenever asked; closing what it hands out never closes `binary`."""

    def __init__(self, binary: BinaryIO) -> None:
        self._binary = binary

    def head(self) -> bytes:
        self._binary.seek(0)
        return self._binary.read(SAMPLE_BYTES)

    def text(self, encoding: str) -> io.TextIOWrapper:
        self._binary.seek(0)
        return io.TextIOWrapper(
            io.BufferedReader(_Unclosed(self._binary), buffer_size=SAMPLE_BYTES),
            encoding=codec_of(encoding),
            errors=UNDECODABLE,
            newline="",
        )


class _Unclosed(io.RawIOBase):
    """The source's bytes from where it stands; the text wrapper may close this, not the source."""

    def __init__(self, source: BinaryIO) -> None:
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        target = memoryview(buffer).cast("B")
        chunk = self._source.read(len(target))
        target[: len(chunk)] = chunk
        return len(chunk)
