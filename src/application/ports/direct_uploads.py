"""Bytes straight to the object store: presigned multipart part URLs the client PUTs to itself."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import msgspec


class PresignedPart(msgspec.Struct, frozen=True):
    part_number: int
    url: str


class CompletedPart(msgspec.Struct, frozen=True):
    part_number: int
    etag: str


class DirectUploads(Protocol):
    """A store that can take an object's bytes from the client directly (S3); adapters translate their
    library's failures into `ObjectStoreUnavailable`, a refused completion into `InvalidInput`."""

    async def start(self, key: str, size: int, expires_seconds: int) -> tuple[int, tuple[PresignedPart, ...]]:
        """Open a multipart upload for `key` and presign a PUT URL for each part of a `size`-byte file;
        the part size (every part but the last has exactly that many bytes) and the parts."""
        ...

    async def complete(self, key: str, parts: tuple[CompletedPart, ...]) -> int:
        """Complete the open multipart upload of `key` from `parts`; return the object's size."""
        ...

    async def abort_stale(self, before: datetime) -> int:
        """Abort this store's multipart uploads opened before `before` (a killed process, an abandoned
        client); return how many."""
        ...
