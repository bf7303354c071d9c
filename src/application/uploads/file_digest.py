"""One streaming pass over an uploaded file: its size, SHA-256 and first bytes."""

from __future__ import annotations

import hashlib
from typing import BinaryIO

import msgspec

CHUNK = 1024 * 1024
HEAD = 8192


class FileDigest(msgspec.Struct, frozen=True):
    size: int
    sha256: str
    head: bytes


def digest_file(source: BinaryIO) -> FileDigest:
    """Read `source` from the start in chunks (never whole) and leave it rewound."""
    source.seek(0)
    sha256 = hashlib.sha256()
    size = 0
    head = b""
    while chunk := source.read(CHUNK):
        if size < HEAD:
            head += chunk[: HEAD - size]
        sha256.update(chunk)
        size += len(chunk)
    source.seek(0)
    return FileDigest(size=size, sha256=sha256.hexdigest(), head=head)
