"""A progress bar on stderr, fed by a file that reports how far it has been read."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from typing import BinaryIO, TextIO

BAR_WIDTH = 30
# Redrawing more often than this costs more than it tells anyone.
REDRAW_SECONDS = 0.1


class ProgressBar:
    """`label [#####.....]  42 %` redrawn in place; silent unless `enabled`."""

    def __init__(self, total: int, label: str, stream: TextIO, *, enabled: bool) -> None:
        self.total = max(total, 1)
        self.label = label
        self.stream = stream
        self.enabled = enabled
        self.shown = -1
        self._last_draw = 0.0

    def update(self, done: int) -> None:
        percent = min(100, done * 100 // self.total)
        now = time.monotonic()
        if (
            not self.enabled
            or percent == self.shown
            or (percent < 100 and now - self._last_draw < REDRAW_SECONDS)
        ):
            return
        self.shown, self._last_draw = percent, now
        filled = BAR_WIDTH * percent // 100
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d} %")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.shown >= 0:
            self.update(self.total)
            self.stream.write("\n")
            self.stream.flush()


class _ReportingFile(io.FileIO):
    def __init__(self, path: str, on_position: Callable[[int], None]) -> None:
        super().__init__(path, "rb")
        self._on_position = on_position

    def readinto(self, buffer: bytearray | memoryview) -> int | None:  # type: ignore[override]
        count = super().readinto(buffer)
        self._on_position(self.tell())
        return count


def open_with_progress(path: str, on_position: Callable[[int], None]) -> BinaryIO:
    """A buffered binary file (seekable, with a real `fileno`) that reports its position after each read."""
    return io.BufferedReader(_ReportingFile(os.fspath(path), on_position))


def wants_progress(stream: TextIO, size: int, threshold: int) -> bool:
    """Only a person watching a terminal needs a bar, and only for a file that takes a while."""
    return size >= threshold and stream.isatty()
