"""A local file as the engine's `TextSource`, for the MCP tools (which import no adapter: see the
import contract; the service's own reading, with its process-wide switches, is `adapters.validation`)."""

from __future__ import annotations

import io
from typing import BinaryIO

from domain.validation.text_source import SAMPLE_BYTES, UNDECODABLE, codec_of


class LocalText:
    def __init__(self, binary: BinaryIO) -> None:
        self._binary = binary

    def head(self) -> bytes:
        self._binary.seek(0)
        return self._binary.read(SAMPLE_BYTES)

    def text(self, encoding: str) -> io.TextIOWrapper:
        self._binary.seek(0)
        # Over a raw view that does not own the file: collecting the wrapper must not close it.
        raw = io.BufferedReader(_View(self._binary), buffer_size=SAMPLE_BYTES)
        return io.TextIOWrapper(raw, encoding=codec_of(encoding), errors=UNDECODABLE, newline="")


class _View(io.RawIOBase):
    def __init__(self, source: BinaryIO) -> None:
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._source.read(len(buffer))
        memoryview(buffer).cast("B")[: len(chunk)] = chunk
        return len(chunk)
