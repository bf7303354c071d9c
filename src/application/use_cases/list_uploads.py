"""ListUploads: summaries of the viewer's uploads newest first (an admin's: everyone's), a page at a time."""

from __future__ import annotations

import msgspec

from application.errors import InvalidInput
from application.ports.upload_repository import UploadRepository
from domain.auth.claims import TokenClaims
from domain.auth.permissions import sees_every_upload
from domain.uploads.upload_summary import UploadSummary

MAX_PAGE_SIZE = 200
# Far beyond any real history, and well inside every database's 64-bit OFFSET.
MAX_OFFSET = 1_000_000_000


class UploadPage(msgspec.Struct, frozen=True):
    items: list[UploadSummary]
    total: int
    limit: int
    offset: int


class ListUploads:
    def __init__(self, *, uploads: UploadRepository) -> None:
        self._uploads = uploads

    async def __call__(self, viewer: TokenClaims, *, limit: int = 50, offset: int = 0) -> UploadPage:
        if not 1 <= limit <= MAX_PAGE_SIZE or not 0 <= offset <= MAX_OFFSET:
            raise InvalidInput(
                f"limit must be between 1 and {MAX_PAGE_SIZE} and offset between 0 and {MAX_OFFSET}"
            )
        owner = None if sees_every_upload(viewer.role) else viewer.user_id
        items, total = await self._uploads.list(uploaded_by=owner, limit=limit, offset=offset)
        return UploadPage(items=items, total=total, limit=limit, offset=offset)
