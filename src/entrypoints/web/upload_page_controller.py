"""GET and POST /ui/upload: the form, and the upload answered with its report (a fragment for the script)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body

from application.errors import InvalidInput, PayloadTooLarge
from application.use_cases.check_upload import CheckUpload
from application.use_cases.list_datasets import ListDatasets
from application.use_cases.upload_csv import UploadCommand, UploadCsv
from domain.auth.claims import TokenClaims
from domain.auth.permissions import may_upload
from domain.uploads.upload import OnError
from domain.validation.rules import Rules
from entrypoints.api.dry_run import dry_run
from entrypoints.api.upload_controller import load_mode, sheet_field
from entrypoints.web.page_controller import failed_first, report_context
from entrypoints.web.rendering import page_language, render
from entrypoints.web.upload_limit import size_text
from entrypoints.web.web_security import CSRF_FIELD, CSRF_HEADER
from entrypoints.web.web_session import (
    container_of,
    require_csrf,
    requires_session,
    requires_web_uploader,
)

Multipart = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


class UploadPageController(Controller):
    @get("/ui/upload", guards=[requires_session])
    async def upload_form(
        self, request: Request[Any, Any, Any], list_datasets: NamedDependency[ListDatasets]
    ) -> Response[Any]:
        claims: TokenClaims = request.state.claims
        uploader = may_upload(claims.role, container_of(request).settings().upload_roles)
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

    @post("/ui/upload", guards=[requires_web_uploader], status_code=200)
    async def upload(
        self,
        request: Request[Any, Any, Any],
        upload_csv: NamedDependency[UploadCsv],
        check_upload: NamedDependency[CheckUpload],
        data: Multipart,
    ) -> Response[Any]:
        """The role is checked before the body is read; the CSRF token comes in a header or a form field."""
        submitted = request.headers.get(CSRF_HEADER) or _text(data.get(CSRF_FIELD))
        claims: TokenClaims = request.state.claims
        await require_csrf(request, submitted, claims)
        file, dataset, on_error = _fields(data)
        limit = container_of(request).settings().max_upload_bytes
        if file.file.seek(0, 2) > limit:
            raise PayloadTooLarge(f"the file is larger than this service accepts ({limit} bytes)")
        command = UploadCommand(
            dataset=dataset,
            on_error=on_error,
            filename=file.filename or "upload.csv",
            uploaded_by=claims.user_id,
            source=file.file,  # type: ignore[arg-type]
            mode=load_mode(data.get("mode")),
            sheet=sheet_field(data.get("sheet")),
        )
        if dry_run(data.get("dry_run")):
            check = await check_upload(command)
            return render(
                request,
                "check_page.html",
                claims=claims,
                check=check,
                validations=failed_first(check.validations),
            )
        upload = await upload_csv(command)
        return render(request, "report_page.html", claims=claims, **report_context(upload))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _fields(data: dict[str, Any]) -> tuple[UploadFile, str, OnError]:
    file = data.get("file")
    if not isinstance(file, UploadFile):
        raise InvalidInput("choose a CSV or .xlsx file to upload")
    dataset = _text(data.get("dataset"))
    if not dataset or not dataset.strip():
        raise InvalidInput("name the dataset the rows go to, e.g. 'sales_2024'")
    try:
        on_error = OnError((_text(data.get("on_error")) or "reject").strip().lower())
    except ValueError:
        raise InvalidInput("choose what to do with rows that have errors: reject, skip or accept") from None
    return file, dataset.strip(), on_error
