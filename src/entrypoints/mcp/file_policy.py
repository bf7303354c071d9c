"""Which local files the assistant may have read: regular files inside the folders the user shared.

An assistant passes paths it was told by a model, which may have been told by a file it read. So the
server reads nothing unless the user listed folders in INGESTA_MCP_ROOTS, resolves symlinks and `..`
before checking that the file is inside one, refuses anything that is not a regular file (devices, FIFOs,
sockets, directories, and every file of /proc, /sys and /dev), caps the size, and applies the upload's
binary-content check before a byte leaves the machine.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from domain.uploads.content_sniffing import binary_content_reason

HEAD_BYTES = 64 * 1024
KERNEL_FILESYSTEMS = (Path("/proc"), Path("/sys"), Path("/dev"))
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
)
ROOTS_HINT = (
    "set INGESTA_MCP_ROOTS in the MCP server's configuration to the folders it may read, separated by "
    f"{os.pathsep!r} (e.g. /home/me/exports), and restart it"
)


class FileRefused(Exception):
    """The path may not be read; the message says why and what to do instead."""


class FilePolicy:
    """Opens files for the tools, only inside `roots` and only up to `max_bytes`."""

    def __init__(self, roots: Sequence[Path], max_bytes: int) -> None:
        self.roots = tuple(root.expanduser().resolve() for root in roots)
        self.max_bytes = max_bytes

    def open(self, raw: str) -> BinaryIO:
        """The file at `raw`, opened for reading at position 0, or FileRefused saying why not."""
        path = self._resolved(raw)
        try:
            descriptor = os.open(path, _OPEN_FLAGS)
        except OSError as error:
            raise FileRefused(f"cannot open {raw!r}: {error.strerror or error}") from None
        try:
            self._check_kind(raw, descriptor)
            source = os.fdopen(descriptor, "rb")
        except BaseException:
            os.close(descriptor)
            raise
        try:
            self._check_opened(raw, source)
        except BaseException:
            source.close()
            raise
        return source

    def _resolved(self, raw: str) -> Path:
        if not self.roots:
            raise FileRefused(f"no folder is shared with the assistant yet: {ROOTS_HINT}")
        text = raw.strip()
        if not text or "\x00" in text:
            raise FileRefused("give the path of a CSV file inside a shared folder")
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.roots[0] / path
        try:
            resolved = path.resolve(strict=True)
        except FileNotFoundError:
            raise FileRefused(f"there is no file at {text!r}") from None
        except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop
            raise FileRefused(f"cannot read {text!r}: {error}") from None
        self._require_shared(text, resolved)
        return resolved

    def _require_shared(self, text: str, resolved: Path) -> None:
        if any(resolved.is_relative_to(special) for special in KERNEL_FILESYSTEMS):
            raise FileRefused(f"{text!r} is a system file, not a CSV file; it is never read")
        if not any(resolved.is_relative_to(root) for root in self.roots):
            shared = ", ".join(str(root) for root in self.roots)
            raise FileRefused(
                f"{text!r} is outside the shared folders ({shared}); move the file into one of them or "
                f"share its folder: {ROOTS_HINT}"
            )

    def _check_kind(self, raw: str, descriptor: int) -> None:
        # Checked on the open descriptor, so a path swapped after the checks above changes nothing.
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise FileRefused(f"{raw!r} is a directory; give the path of one CSV file")
        if not stat.S_ISREG(mode):
            raise FileRefused(f"{raw!r} is not a regular file (a device, pipe or socket?); it is never read")

    def _check_opened(self, raw: str, source: BinaryIO) -> None:
        opened = _opened_path(source)
        if opened is not None:
            self._require_shared(raw, opened)
        size = os.fstat(source.fileno()).st_size
        if size > self.max_bytes:
            raise FileRefused(
                f"{raw!r} has {size} bytes; the limit is {self.max_bytes} (INGESTA_MCP_MAX_FILE_BYTES)"
            )
        reason = binary_content_reason(source.read(HEAD_BYTES))
        if reason is not None:
            raise FileRefused(f"{raw!r}: {reason}")
        source.seek(0)


def _opened_path(source: BinaryIO) -> Path | None:
    """Where the open descriptor really points, where the system tells (Linux); None elsewhere."""
    link = Path(f"/proc/self/fd/{source.fileno()}")
    try:
        return Path(os.readlink(link))
    except OSError:
        return None
