"""UploadLeases that hold a worker still as it enters a phase: a run that stalled past its lease."""

from __future__ import annotations

import asyncio
from typing import Any

from application.ports.upload_leases import UploadLeases
from domain.uploads.upload import UploadProgress, UploadStatus


class StallingLeases:
    """Delegates to `leases`; entering `at` waits until `resume` is set (`stalled` says it got there).
    The renewal goes on as configured: give the worker a lease longer than the test, so it never sees
    that the reaper took the upload over, as a paused process would not."""

    def __init__(self, leases: UploadLeases, at: UploadStatus) -> None:
        self._leases = leases
        self._at = at
        self.stalled = asyncio.Event()
        self.resume = asyncio.Event()

    async def enter(self, upload_id: str, status: UploadStatus, progress: UploadProgress) -> None:
        if status is self._at and not self.resume.is_set():
            self.stalled.set()
            await self.resume.wait()
        await self._leases.enter(upload_id, status, progress)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._leases, name)
