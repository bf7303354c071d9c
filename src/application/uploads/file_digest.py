"""One streaming pass over an uploaded file: its size, SHA-256, first bytes and line count."""

from __future__ import annotations

import hashlib
from typing import BinaryIO

import msgspec

from domain.uploads.content_sniffing import is_xlsx

CHUNK = 1024 * 1024
HEAD = 8192


class FileDigest(msgspec.Struct, frozen=True):
    size: int
    sha256: str
    head: bytes
    # Line breaks, and whether the last line has none: counted on the way (bytes.count runs at memory
    # speed), so a job's progress knows how many rows to expect before validation starts.
    newlines: int = 0
    open_last_line: bool = False

    @property
    def rows_expected(self) -> int | None:
        """Data rows if every record is one line (a quoted field spanning lines makes it more); None
        for a workbook, whose rows are not lines."""
        if is_xlsx(self.head):
            return None
        lines = self.newlines + self.open_last_line
        return max(lines - 1, 0)  # the header line


def digest_file(source: BinaryIO) -> FileDigest:
    """Read `source` from the start in chunks (never whole) and leave it rewound."""
    source.seek(0)
    sha256 = hashlib.sha256()
    size = newlines = 0
    head = last = b""
    while chunk := source.read(CHUNK):
        if size < HEAD:
            head += chunk[: HEAD - size]
        sha256.update(chunk)
        newlines += chunk.count(b"\n")
        size += len(chunk)
        last = chunk[-1:]
    source.seek(0)
    open_last = last not in (b"", b"\n")
    return FileDigest(
        size=size, sha256=sha256.hexdigest(), head=head, newlines=newlines, open_last_line=open_last
    )
