"""Where raw uploaded files are archived, byte for byte."""

from __future__ import annotations

from typing import BinaryIO, Protocol


class ObjectStore(Protocol):
    """An archive of immutable objects addressed by key.

    Adapters translate their library's failures into `ObjectStoreUnavailable`.
    """

    async def put(self, key: str, source: BinaryIO, *, size: int, sha256: str) -> None:
        """Store `size` bytes read from `source` (positioned at 0) under `key`, verified by `sha256` (hex)."""
        ...

    async def get(self, key: str) -> bytes:
        """Return the whole object; for small objects, checks and tests. Missing key: `NotFound`."""
        ...

    async def download(self, key: str, target: BinaryIO) -> None:
        """Write the whole object into `target` in chunks (never all in memory). Missing key: `NotFound`."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; removing a missing key is not an error."""
        ...

    async def ping(self) -> None:
        """Raise `ObjectStoreUnavailable` unless the store answers now."""
        ...
