"""GetUpload: one upload, for its owner or an admin; to anyone else it does not exist."""

from __future__ import annotations

from application.errors import NotFound
from application.ports.upload_repository import UploadRepository
from domain.auth.claims import TokenClaims
from domain.auth.permissions import sees_every_upload
from domain.uploads.upload import Upload


class GetUpload:
    def __init__(self, *, uploads: UploadRepository) -> None:
        self._uploads = uploads

    async def __call__(self, upload_id: str, viewer: TokenClaims) -> Upload:
        upload = await self._uploads.get(upload_id)
        # The same answer for "missing" and "not yours", so ids of other users' uploads leak nothing.
        if upload is None or not (upload.uploaded_by == viewer.user_id or sees_every_upload(viewer.role)):
            raise NotFound(f"no upload {upload_id!r} is visible to you")
        return upload
