"""Checking an object's bytes against its declared size and SHA-256 while they stream past.

A mismatch raises `InvalidInput`: the caller declared a size or digest the bytes do not have,
which is a problem with the request, not an unavailable store (so no retry would help).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from typing import BinaryIO

from application.errors import InvalidInput

CHUNK_SIZE = 1024 * 1024
_SHA256_HEX = re.compile(r"^[0-9a-fA-F]{64}$")


def checked_sha256_hex(sha256: str) -> str:
    """The declared digest in lower-case hex, or `InvalidInput` when it is not 64 hex digits."""
    if not _SHA256_HEX.match(sha256):
        raise InvalidInput("sha256 must be 64 hexadecimal digits")
    return sha256.lower()


def hex_to_base64(sha256: str) -> str:
    """The base64 form of a hex digest, as S3's `ChecksumSHA256` wants it."""
    return base64.b64encode(bytes.fromhex(checked_sha256_hex(sha256))).decode("ascii")


def sha256_base64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def read_up_to(source: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes; shorter only at end of stream (a single `read` may return less)."""
    pieces: list[bytes] = []
    remaining = limit
    while remaining > 0:
        piece = source.read(min(remaining, CHUNK_SIZE))
        if not piece:
            break
        pieces.append(piece)
        remaining -= len(piece)
    return b"".join(pieces)


def iter_chunks(source: BinaryIO, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    while chunk := source.read(chunk_size):
        yield chunk


class StreamVerifier:
    """Hashes bytes as they pass; `check()` at the end proves they are what the caller declared."""

    def __init__(self, *, size: int, sha256: str) -> None:
        if size < 0:
            raise InvalidInput("size must not be negative")
        self._expected_size = size
        self._expected_sha256 = checked_sha256_hex(sha256)
        self._digest = hashlib.sha256()
        self._seen = 0

    def update(self, chunk: bytes) -> None:
        self._seen += len(chunk)
        # Fail as soon as the stream runs past the declared size, before more is written.
        if self._seen > self._expected_size:
            raise InvalidInput(f"the file is larger than its declared size of {self._expected_size} bytes")
        self._digest.update(chunk)

    def check(self) -> None:
        if self._seen != self._expected_size:
            raise InvalidInput(
                f"the file has {self._seen} bytes but its declared size is {self._expected_size} bytes"
            )
        if self._digest.hexdigest() != self._expected_sha256:
            raise InvalidInput("the file's SHA-256 does not match its declared sha256")
