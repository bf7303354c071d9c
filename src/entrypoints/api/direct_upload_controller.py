"""POST /uploads/presign and POST /uploads/{id}/complete: a file's bytes go from the client to S3."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, post
from litestar.params import FromPath, JSONBody

from application.ports.direct_uploads import CompletedPart
from application.use_cases.presign_upload import Presigned, PresignRequest
from domain.auth.claims import TokenClaims
from domain.uploads.upload import LoadMode, OnError
from entrypoints.api.dependencies import container_of
from entrypoints.api.guards import requires_upload_role
from entrypoints.api.languages import preferred_language
from entrypoints.api.upload_resource import Upload as UploadResource


class PresignBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    dataset: str
    filename: str
    size: int
    sha256: str | None = None
    on_error: OnError = OnError.REJECT
    mode: LoadMode = LoadMode.APPEND


class CompleteBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    parts: tuple[CompletedPart, ...]


@post(
    "/uploads/presign",
    guards=[requires_upload_role],
    status_code=201,
    summary="Start an upload whose bytes go straight to S3 (presigned multipart part URLs)",
)
async def presign_upload(
    request: Request[TokenClaims, str, Any], data: JSONBody[PresignBody]
) -> Response[Presigned]:
    """PUT part N's bytes (from (N-1) x `part_size`, `part_size` of them; the last part what remains) to
    its URL, keep each answer's ETag, then POST /uploads/{id}/complete within `expires_at`. 501 when the
    service keeps files in a local folder."""
    presign = container_of(request).presign_upload()
    command = PresignRequest(
        dataset=data.dataset,
        filename=data.filename,
        size=data.size,
        sha256=data.sha256,
        on_error=data.on_error,
        mode=data.mode,
        uploaded_by=request.user.user_id,
    )
    presigned = await presign(command, preferred_language(request.headers.get("accept-language")))
    return Response(presigned, status_code=201, headers={"Location": f"/uploads/{presigned.id}"})


@post(
    "/uploads/{upload_id:str}/complete",
    guards=[requires_upload_role],
    status_code=202,
    summary="Finish a presigned upload: S3 completes the object, its size is checked, its job is queued",
)
async def complete_upload(
    request: Request[TokenClaims, str, Any], upload_id: FromPath[str], data: JSONBody[CompleteBody]
) -> Response[UploadResource]:
    complete = container_of(request).complete_direct_upload()
    language = preferred_language(request.headers.get("accept-language"))
    upload = await complete(upload_id, data.parts, request.user.user_id, language)
    return Response(UploadResource.of(upload), status_code=202, headers={"Location": f"/uploads/{upload.id}"})
