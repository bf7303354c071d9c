"""Upload records: what was received, by whom, and what became of it."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.uploads.upload import Upload
from domain.uploads.upload_summary import UploadSummary


class UploadRepository(Protocol):
    """Adapters translate their library's failures into `DatabaseUnavailable`."""

    async def add(self, upload: Upload) -> None:
        """Record a newly received upload (status `received`) before its object is stored."""
        ...

    async def save(self, upload: Upload) -> None:
        """Overwrite the record of an existing upload with its new state."""
        ...

    async def get(self, upload_id: str) -> Upload | None: ...

    async def list(
        self, *, uploaded_by: str | None, limit: int, offset: int
    ) -> tuple[list[UploadSummary], int]:
        """Summaries, newest first; `uploaded_by=None` lists everyone's. The page and the total count."""
        ...

    async def find_loaded(self, dataset: str, sha256: str) -> Upload | None:
        """The upload that already loaded this exact content into this dataset, if any."""
        ...

    async def fail_received_before(self, moment: datetime, reason: str) -> int:
        """Mark `failed` (with `reason`, nothing loaded) every upload still `received` that was created
        before `moment`, in one atomic step; return how many."""
        ...
