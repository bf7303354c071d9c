"""Hooks a job's run of UploadCsv calls as it moves from phase to phase; in-request uploads have none."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from application.ports.upload_records import UploadRecords
from domain.uploads.upload import Upload
from domain.validation.typed_row import TypedRow


class UploadPhases(Protocol):
    async def validating(self, upload: Upload) -> None: ...

    async def validated_rows(self, upload: Upload, rows: int) -> None:
        """Validation has judged `rows` rows so far (at most the report's total). Called about once a
        second while validating, with a count that grew, never after validation ended."""
        ...

    async def loading(self, upload: Upload) -> None:
        """Validated (its report on `upload`) and about to load."""
        ...

    def counted(
        self, upload: Upload, batches: AsyncIterator[Sequence[TypedRow]]
    ) -> AsyncIterator[Sequence[TypedRow]]:
        """`batches` as they are, counted on their way to the store."""
        ...

    async def fence(self, records: UploadRecords, upload: Upload) -> None:
        """Inside the unit of work that records `upload`'s outcome, before its commit: a job's run
        raises `LeaseLost` when another run took the upload over, so its commit never comes."""
        ...


class NoPhases:
    async def validating(self, upload: Upload) -> None:
        return None

    async def validated_rows(self, upload: Upload, rows: int) -> None:
        return None

    async def loading(self, upload: Upload) -> None:
        return None

    def counted(
        self, upload: Upload, batches: AsyncIterator[Sequence[TypedRow]]
    ) -> AsyncIterator[Sequence[TypedRow]]:
        return batches

    async def fence(self, records: UploadRecords, upload: Upload) -> None:
        return None


NO_PHASES = NoPhases()
