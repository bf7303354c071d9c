"""CancelUpload: stop an upload job for its owner or an admin, so that nothing of it is loaded."""

from __future__ import annotations

from application.errors import Conflict
from application.ports.upload_leases import UploadLeases
from application.ports.upload_metrics import NoUploadMetrics, UploadMetrics
from application.use_cases.get_upload import GetUpload
from domain.auth.claims import TokenClaims
from domain.uploads.upload import Upload, UploadStatus

BY_OWNER = "cancelled by its owner; nothing was loaded and the archived file is kept"
BY_ADMIN = "cancelled by an administrator; nothing was loaded and the archived file is kept"


def cancelled_reason(viewer: TokenClaims, upload: Upload) -> str:
    return BY_OWNER if upload.uploaded_by == viewer.user_id else BY_ADMIN


class CancelUpload:
    """A queued upload is cancelled at once; a running one is flagged, and its worker stops and rolls
    back within about a second (its commit checks the flag in the same transaction, so an upload ends
    either loaded or cancelled). The archived file is kept: the record points at it, and the same file
    can be loaded later without sending it again."""

    def __init__(
        self, *, get_upload: GetUpload, leases: UploadLeases, metrics: UploadMetrics | None = None
    ) -> None:
        self._get_upload = get_upload
        self._leases = leases
        self._metrics: UploadMetrics = metrics or NoUploadMetrics()

    async def __call__(self, upload_id: str, viewer: TokenClaims) -> Upload:
        """The record after the request: `cancelled`, or still running with its cancel on the way."""
        upload = await self._get_upload(upload_id, viewer)  # NotFound for others' uploads
        status = await self._leases.request_cancel(upload.id, cancelled_reason(viewer, upload))
        if status is None:
            final = await self._get_upload(upload_id, viewer)
            raise Conflict(_not_cancellable(final))
        answered = await self._get_upload(upload_id, viewer)
        if status is UploadStatus.CANCELLED:
            self._metrics.finished(answered)  # final here: no worker will count it
        return answered


def _not_cancellable(upload: Upload) -> str:
    if upload.status is UploadStatus.RECEIVED:
        return f"upload {upload.id} is processed within its request; only an upload job can be cancelled"
    return (
        f"upload {upload.id} is already {upload.status.value}; only a queued or running upload can be "
        "cancelled"
    )
