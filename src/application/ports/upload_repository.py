"""Upload records: what was received, by whom, and what became of it."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.uploads.upload import Upload
from domain.uploads.upload_summary import UploadSummary


class UploadRepository(Protocol):
    """Reading upload records. An upload's own outcome is written through an `UploadUnitOfWork`;
    only the recovery at start-up (`fail_received_before`) writes here, for many uploads at once.

    Adapters translate their library's failures into `DatabaseUnavailable`."""

    async def get(self, upload_id: str) -> Upload | None: ...

    async def list(
        self, *, uploaded_by: str | None, limit: int, offset: int
    ) -> tuple[list[UploadSummary], int]:
        """Summaries, newest first; `uploaded_by=None` lists everyone's. The page and the total count."""
        ...

    async def fail_received_before(self, moment: datetime, reason: str) -> int:
        """Mark `failed` (with `reason`, nothing loaded) every upload still `received` that was created
        before `moment`, in one atomic step; return how many."""
        ...
