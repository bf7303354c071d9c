"""GET and POST /ui/upload: the form, and the upload answered with its report (a fragment for the script)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import ServerSentEvent

from application.errors import PermissionDenied
from application.uploads.upload_command import UploadCommand
from application.uploads.upload_permission import refuse_size
from application.use_cases.check_upload import CheckUpload, UploadCheck
from application.use_cases.get_upload import GetUpload
from application.use_cases.list_datasets import ListDatasets
from application.use_cases.upload_csv import UploadCsv
from domain.auth.claims import TokenClaims
from domain.validation.rules import Rules
from entrypoints.api.prefer import prefers_async
from entrypoints.api.streamed_form import FormFileTooLarge, SpooledUpload, close_files, spooled_form
from entrypoints.api.upload_events_controller import upload_event_stream
from entrypoints.api.upload_form import parse_upload_form
from entrypoints.web.column_matching_page import matching_proposal
from entrypoints.web.page_controller import failed_first, report_context
from entrypoints.web.rendering import NO_STORE, page_language, render
from entrypoints.web.upload_limit import size_text
from entrypoints.web.web_security import CSRF_FIELD, CSRF_HEADER
from entrypoints.web.web_session import (
    container_of,
    require_csrf,
    requires_session,
    requires_web_uploader,
)


class UploadPageController(Controller):
    @get("/ui/upload", guards=[requires_session])
    async def upload_form(
        self, request: Request[Any, Any, Any], list_datasets: NamedDependency[ListDatasets]
    ) -> Response[Any]:
        claims: TokenClaims = request.state.claims
        uploader = container_of(request).upload_policy().allows(claims.role)
        datasets = await list_datasets() if uploader else []
        limit = container_of(request).settings().max_upload_bytes
        return render(
            request,
            "upload.html",
            claims=claims,
            datasets=datasets,
            max_upload_bytes=limit,
            size_text=size_text(limit, page_language(request)),
            rules=[] if uploader else Rules(max_samples=0).in_order(),
        )

    @get("/ui/uploads/{upload_id:str}/events", guards=[requires_session])
    async def events(
        self,
        request: Request[Any, Any, Any],
        get_upload: NamedDependency[GetUpload],
        upload_id: FromPath[str],
    ) -> ServerSentEvent:
        """The API's event stream, for the session cookie an `EventSource` sends (it sends no header)."""
        return await upload_event_stream(request, get_upload, upload_id, request.state.claims)

    @post("/ui/uploads/{upload_id:str}/cancel", guards=[requires_session], status_code=202)
    async def cancel(self, request: Request[Any, Any, Any], upload_id: FromPath[str]) -> Response[Any]:
        """The page's Cancel button: the API's cancel, for the session cookie (CSRF token in a header)."""
        claims: TokenClaims = request.state.claims
        await require_csrf(request, request.headers.get(CSRF_HEADER), claims)
        upload = await container_of(request).cancel_upload()(upload_id, claims)
        return Response({"id": upload.id, "status": upload.status.value}, status_code=202, headers=NO_STORE)

    @post("/ui/upload", guards=[requires_web_uploader], status_code=200, request_max_body_size=None)
    async def upload(
        self,
        request: Request[Any, Any, Any],
        upload_csv: NamedDependency[UploadCsv],
        check_upload: NamedDependency[CheckUpload],
    ) -> Response[Any]:
        """The role is checked before the body is read; the CSRF token comes in a header or a form field.
        The body is bounded as the API's is (`spooled_form`), so a file too large is recorded as refused."""
        claims: TokenClaims = request.state.claims
        data = await _form(request, claims)
        try:
            return await self._upload(request, claims, upload_csv, check_upload, data)
        finally:
            close_files(data)

    async def _upload(
        self,
        request: Request[Any, Any, Any],
        claims: TokenClaims,
        upload_csv: UploadCsv,
        check_upload: CheckUpload,
        data: dict[str, Any],
    ) -> Response[Any]:
        submitted = request.headers.get(CSRF_HEADER) or _text(data.get(CSRF_FIELD))
        await require_csrf(request, submitted, claims)
        form = parse_upload_form(data, also={CSRF_FIELD})
        command = UploadCommand(
            dataset=form.dataset,
            on_error=form.on_error,
            filename=form.filename,
            uploaded_by=claims.user_id,
            role=claims.role,
            source=form.file.file,  # type: ignore[arg-type]
            mode=form.mode,
            sheet=form.sheet,
            digest=form.file.digest if isinstance(form.file, SpooledUpload) else None,
        )
        # Early, before the file is hashed; the use case asks the same policy again.
        size = form.file.file.seek(0, 2)
        if form.dry_run:
            refuse_size(container_of(request).upload_policy(), size)
        else:
            async with container_of(request).refused_attempts().recorded(command.attempt(size)):
                refuse_size(container_of(request).upload_policy(), size)
        if form.dry_run:
            return await render_check(request, claims, await check_upload(command))
        settings = container_of(request).settings()
        if prefers_async(request.headers.get("prefer")) or size > settings.async_threshold_bytes:
            # A job: the page follows /ui/uploads/{id}/events and then fetches the report.
            upload = await container_of(request).accept_upload()(command)
            return Response(
                {"id": upload.id, "status": upload.status.value},
                status_code=202,
                headers={"Location": f"/ui/uploads/{upload.id}", **NO_STORE},
            )
        upload = await upload_csv(command)
        context = await report_context(request, upload, may_fix=True, sheet=form.sheet)
        return render(request, "report_page.html", claims=claims, **context)


async def render_check(
    request: Request[Any, Any, Any], claims: TokenClaims, check: UploadCheck
) -> Response[Any]:
    """The page of a "check only" answer: what an upload of this file would become, with the column
    matching screen when the file's headers do not fit the dataset."""
    return render(
        request,
        "check_page.html",
        claims=claims,
        check=check,
        validations=failed_first(check.validations),
        matching=await matching_proposal(request, check),
    )


async def _form(request: Request[Any, Any, Any], claims: TokenClaims) -> dict[str, Any]:
    """The form; a file over the limit is recorded as a refused attempt (not a "check only") when the
    request proved it came from this site, as every other upload of the page does."""
    try:
        return await spooled_form(request, container_of(request).settings().max_upload_bytes)
    except FormFileTooLarge as error:
        submitted = request.headers.get(CSRF_HEADER) or error.fields.get(CSRF_FIELD)
        if not error.dry_run and await _from_this_site(request, submitted, claims):
            await container_of(request).refused_attempts().record(error.attempt(claims.user_id), error)
        raise


async def _from_this_site(
    request: Request[Any, Any, Any], submitted: str | None, claims: TokenClaims
) -> bool:
    try:
        await require_csrf(request, submitted, claims)
    except PermissionDenied:
        return False
    return True


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
