"""POST /uploads, GET /uploads, GET /uploads/{id}: multipart in, the Upload resource out."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, Parameter

from application.errors import InvalidInput
from application.uploads.upload_command import UploadCommand
from application.uploads.upload_permission import refuse_size
from application.use_cases.check_upload import CheckUpload, UploadCheck
from application.use_cases.get_upload import GetUpload
from application.use_cases.list_uploads import MAX_OFFSET, ListUploads
from application.use_cases.upload_csv import UploadCsv
from domain.auth.claims import TokenClaims
from domain.uploads.upload import UploadStatus
from entrypoints.api.dependencies import container_of
from entrypoints.api.disconnect import unless_disconnected
from entrypoints.api.guards import requires_upload_role
from entrypoints.api.languages import preferred_language
from entrypoints.api.prefer import prefers_async
from entrypoints.api.streamed_form import FormFileTooLarge, SpooledUpload, close_files, spooled_form
from entrypoints.api.upload_form import parse_upload_form
from entrypoints.api.upload_page_resource import UploadPage
from entrypoints.api.upload_resource import Upload as UploadResource
from entrypoints.api.upload_slots import UploadSlots
from entrypoints.i18n.reports import localised


async def require_multipart(request: Request[Any, Any, Any]) -> None:
    """Refuse other encodings with a clear sentence before the body is parsed."""
    media_type, _ = request.content_type
    if media_type != "multipart/form-data":
        raise InvalidInput(
            f"send the upload as multipart/form-data (got {media_type or 'no content type'}) with the fields "
            "file, dataset and on_error"
        )


class UploadController(Controller):
    path = "/uploads"
    tags = ["uploads"]

    @post(
        "/",
        guards=[requires_upload_role],
        before_request=require_multipart,
        status_code=201,
        responses={},
        summary="Upload a CSV file into a dataset",
        request_max_body_size=None,  # bounded by `spooled_form`, which knows what it refuses
    )
    async def create(
        self,
        request: Request[TokenClaims, str, Any],
        upload_csv: NamedDependency[UploadCsv],
        check_upload: NamedDependency[CheckUpload],
    ) -> Response[UploadResource | UploadCheck]:
        """201 when loaded; 422 when `on_error=reject` and an error-level rule failed (nothing loaded).

        With `Prefer: respond-async` (RFC 7240), and always above INGESTA_ASYNC_THRESHOLD_BYTES: 202 once
        the file is archived, `Location: /uploads/{id}`, status `queued`; follow it there or at
        `/uploads/{id}/events`.

        With `dry_run=true`: 200 and an UploadCheck (status `validated`, no id, no Location).
        The multipart form (declared in `openapi_amendments`): `file` (the CSV), `dataset`, `on_error`
        (reject | skip | accept), `mode` (append | upsert | replace), `dry_run`, `sheet` (for .xlsx).
        """
        limit = container_of(request).settings().max_upload_bytes
        try:
            data = await spooled_form(request, limit)
        except FormFileTooLarge as error:
            if not error.dry_run:
                refusals = container_of(request).refused_attempts()
                await refusals.record(error.attempt(request.user.user_id), error)
            raise
        try:
            return await self._create(request, upload_csv, check_upload, data)
        finally:
            close_files(data)

    async def _create(
        self,
        request: Request[TokenClaims, str, Any],
        upload_csv: UploadCsv,
        check_upload: CheckUpload,
        data: dict[str, Any],
    ) -> Response[UploadResource | UploadCheck]:
        form = parse_upload_form(data)
        size = form.file.file.seek(0, 2)
        command = UploadCommand(
            dataset=form.dataset,
            on_error=form.on_error,
            filename=form.filename,
            uploaded_by=request.user.user_id,
            role=request.user.role,
            source=form.file.file,  # type: ignore[arg-type]
            language=preferred_language(request.headers.get("accept-language")),
            mode=form.mode,
            sheet=form.sheet,
            digest=form.file.digest if isinstance(form.file, SpooledUpload) else None,
        )
        # Early, before anything else is read; the use case asks the same policy again.
        if form.dry_run:
            refuse_size(container_of(request).upload_policy(), size)
        else:
            async with container_of(request).refused_attempts().recorded(command.attempt(size)):
                refuse_size(container_of(request).upload_policy(), size)
        return await answer_upload(request, command, size, form.dry_run, upload_csv, check_upload)

    @get("/", summary="Summaries of your uploads, newest first (admins: everyone's)")
    async def list_uploads(
        self,
        request: Request[TokenClaims, str, Any],
        list_uploads: NamedDependency[ListUploads],
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
        offset: Annotated[int, Parameter(ge=0, le=MAX_OFFSET)] = 0,
    ) -> UploadPage:
        return UploadPage.of(await list_uploads(request.user, limit=limit, offset=offset))

    @get("/{upload_id:str}", summary="One upload with its full validation report")
    async def get_upload(
        self,
        request: Request[TokenClaims, str, Any],
        get_upload: NamedDependency[GetUpload],
        upload_id: FromPath[str],
    ) -> UploadResource:
        upload = UploadResource.of(await get_upload(upload_id, request.user))
        return localised(upload, preferred_language(request.headers.get("accept-language")))


async def answer_upload(
    request: Request[TokenClaims, str, Any],
    command: UploadCommand,
    size: int,
    dry_run: bool,
    upload_csv: UploadCsv,
    check_upload: CheckUpload,
) -> Response[UploadResource | UploadCheck]:
    """Run `command` as POST /uploads does: 200 (dry run), 202 (a job), 201 (loaded) or 422 (rejected)."""
    # Rule titles and sample messages follow Accept-Language; English without one.
    language = command.language
    if dry_run:
        with _upload_slots(request).taken_by(request.user.user_id):
            check = await unless_disconnected(request.receive, check_upload(command))
        return Response(localised(check, language), status_code=200)
    respond_async = prefers_async(request.headers.get("prefer"))
    if respond_async or size > container_of(request).settings().async_threshold_bytes:
        return await _accepted(request, command, respond_async)
    with _upload_slots(request).taken_by(request.user.user_id):
        upload = await unless_disconnected(request.receive, upload_csv(command))
    status = 422 if upload.status is UploadStatus.REJECTED else 201
    return Response(
        localised(UploadResource.of(upload), language),
        status_code=status,
        headers={"Location": f"/uploads/{upload.id}"},
    )


async def _accepted(
    request: Request[TokenClaims, str, Any], command: UploadCommand, preferred: bool
) -> Response[UploadResource | UploadCheck]:
    """202 once the file is archived and its job queued; the client follows Location or its /events."""
    accept_upload = container_of(request).accept_upload()
    with _upload_slots(request).taken_by(request.user.user_id):
        upload = await unless_disconnected(request.receive, accept_upload(command))
    headers = {"Location": f"/uploads/{upload.id}"}
    if preferred:
        headers["Preference-Applied"] = "respond-async"
    return Response(UploadResource.of(upload), status_code=202, headers=headers)


def _upload_slots(request: Request[Any, Any, Any]) -> UploadSlots:
    # Made on first use, so every app built by create_app gets its own, sized by its settings.
    state = request.app.state
    slots: UploadSlots | None = state.get("upload_slots")
    if slots is None:
        slots = state["upload_slots"] = UploadSlots(
            container_of(request).settings().max_concurrent_uploads_per_user
        )
    return slots
