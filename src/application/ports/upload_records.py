"""Upload records as a unit of work reads and writes them."""

from __future__ import annotations

from typing import Protocol

from domain.uploads.job_lease import JobLease
from domain.uploads.upload import Upload


class UploadRecords(Protocol):
    """The upload records as this unit of work sees them (its own writes included)."""

    async def get(self, upload_id: str) -> Upload | None: ...

    async def find_loaded(self, dataset: str, sha256: str) -> Upload | None:
        """The first upload that loaded this exact content into this dataset, if any."""
        ...

    async def add(self, upload: Upload) -> None:
        """Record a newly received upload (status `received`)."""
        ...

    async def hold_lease(self, upload_id: str, lease: JobLease) -> bool:
        """True if `lease` still holds the upload (a job status, its owner, its attempt). The record
        stays held until this unit of work ends, so no reaper or other run takes it over before the
        commit: checked in the transaction that records a job's outcome, it fences a stalled run off."""
        ...

    async def hold_against_cancel(self, upload_id: str) -> str | None:
        """The reason a cancel was asked for, if one was; otherwise None, and no cancel can be asked for
        until this unit of work ends (the record is locked), so an outcome committed next is final."""
        ...

    async def save(self, upload: Upload) -> None:
        """Overwrite the record of `upload` with its state now (inserting it if it is not there)."""
        ...
