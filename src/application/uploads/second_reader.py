"""A second reader of an upload's bytes with a position of its own, so archiving and validating can read
the same file at the same time without moving each other's place."""

from __future__ import annotations

import io
import os
from typing import BinaryIO


class PositionalReader(io.RawIOBase):
    """Reads a file by absolute offsets (`os.pread`) through a duplicate of its descriptor: the offset
    every other reader shares is never used, and the file stays readable until this reader is closed
    (or collected), even when its owner closes it first (a worker thread may still be reading)."""

    def __init__(self, descriptor: int) -> None:
        super().__init__()
        self._descriptor = os.dup(descriptor)
        self._position = 0

    def close(self) -> None:
        if not self.closed:
            os.close(self._descriptor)
        super().close()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = os.pread(self._descriptor, len(buffer), self._position)
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            self._position = offset
        elif whence == io.SEEK_CUR:
            self._position += offset
        else:
            self._position = os.fstat(self._descriptor).st_size + offset
        return self._position

    def tell(self) -> int:
        return self._position


def second_reader(source: BinaryIO) -> BinaryIO | None:
    """An independent reader of `source`'s bytes, or None when there is no safe way to read it twice."""
    if isinstance(source, io.BytesIO):
        return io.BytesIO(source.getbuffer())
    try:
        # Bytes still in a writer's buffer are not in the file yet; a spooled file moves to disk here.
        source.flush()
        descriptor = source.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return io.BufferedReader(PositionalReader(descriptor), buffer_size=1024 * 1024)
