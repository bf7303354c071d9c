"""POST /uploads/{id}/cancel: stop an upload job (queued or running) so that nothing of it loads."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.params import FromPath

from domain.auth.claims import TokenClaims
from entrypoints.api.dependencies import container_of
from entrypoints.api.guards import requires_upload_role
from entrypoints.api.languages import preferred_language
from entrypoints.api.upload_resource import Upload as UploadResource
from entrypoints.i18n.reports import localised


@post(
    "/uploads/{upload_id:str}/cancel",
    guards=[requires_upload_role],
    status_code=202,
    summary="Cancel an upload job that is queued, validating or loading (its owner or an admin)",
)
async def cancel_upload(
    request: Request[TokenClaims, str, Any], upload_id: FromPath[str]
) -> Response[UploadResource]:
    """202 with the Upload: `cancelled` at once when it was queued; otherwise still running with the
    cancel on its way — its worker stops within about a second and rolls back, and the upload ends
    `cancelled` (follow Location or /uploads/{id}/events). A cancel that loses the race with the final
    commit leaves the upload `loaded`: never both. No row of a cancelled upload is loaded; its archived
    file is kept. 409 when the upload is already final or was processed within its request."""
    cancel = container_of(request).cancel_upload()
    upload = await cancel(upload_id, request.user)
    language = preferred_language(request.headers.get("accept-language"))
    resource = localised(UploadResource.of(upload), language)
    return Response(resource, status_code=202, headers={"Location": f"/uploads/{upload.id}"})
