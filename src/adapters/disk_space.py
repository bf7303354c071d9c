"""Free space where the service writes: a probe that fails before a write does."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from application.errors import InsufficientStorage


class FreeSpaceProbe:
    """Raises InsufficientStorage when `folder` (or its nearest existing parent) has less free space than
    `min_free_bytes`; `what` names the folder's role in the message, never its path."""

    def __init__(self, folder: Path, *, what: str, min_free_bytes: int) -> None:
        self._folder = Path(folder)
        self._what = what
        self._min_free = min_free_bytes

    async def __call__(self) -> None:
        free = await asyncio.to_thread(self._free_bytes)
        if free < self._min_free:
            raise InsufficientStorage(
                f"the {self._what} has {free // 1024**2} MiB free, below INGESTA_MIN_FREE_DISK_BYTES "
                f"({self._min_free // 1024**2} MiB)"
            )

    def _free_bytes(self) -> int:
        folder = self._folder
        while not folder.exists() and folder.parent != folder:
            folder = folder.parent
        return int(shutil.disk_usage(folder).free)
