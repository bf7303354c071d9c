"""POST /uploads, GET /uploads, GET /uploads/{id}: multipart in, the Upload resource out."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, Parameter

from application.errors import InvalidInput, PayloadTooLarge
from application.use_cases.check_upload import CheckUpload, UploadCheck
from application.use_cases.get_upload import GetUpload
from application.use_cases.list_uploads import MAX_OFFSET, ListUploads, UploadPage
from application.use_cases.upload_csv import UploadCommand, UploadCsv
from domain.auth.claims import TokenClaims
from domain.uploads.upload import LoadMode, OnError, Upload, UploadStatus
from entrypoints.api.dependencies import container_of
from entrypoints.api.disconnect import unless_disconnected
from entrypoints.api.dry_run import dry_run
from entrypoints.api.guards import requires_upload_role
from entrypoints.api.languages import preferred_language
from entrypoints.api.upload_slots import UploadSlots
from entrypoints.i18n.reports import localised

FORM_FIELDS = {"file", "dataset", "on_error", "mode", "dry_run", "sheet"}


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
    )
    async def create(
        self,
        request: Request[TokenClaims, str, Any],
        upload_csv: NamedDependency[UploadCsv],
        check_upload: NamedDependency[CheckUpload],
        data: Annotated[
            dict[str, Any],
            Body(
                media_type=RequestEncodingType.MULTI_PART,
                description="`file` (the CSV), `dataset` (target name), `on_error` (reject | skip | accept), "
                "`mode` (append | upsert | replace; upsert needs a primaryKey in the dataset's contract), "
                "`dry_run` (true: validate only; 200 with the report, nothing archived, loaded or recorded), "
                "`sheet` (for an .xlsx workbook: the sheet to read by name; the first one by default)",
            ),
        ],
    ) -> Response[Upload | UploadCheck]:
        """201 when loaded; 422 when `on_error=reject` and an error-level rule failed (nothing loaded).

        With `dry_run=true`: 200 and an UploadCheck (status `validated`, no id, no Location).
        """
        file, dataset, on_error = _form_fields(data)
        mode = load_mode(data.get("mode"))
        limit = container_of(request).settings().max_upload_bytes
        size = file.file.seek(0, 2)
        if size > limit:
            raise PayloadTooLarge(
                f"the file has {size} bytes; the limit is {limit} (INGESTA_MAX_UPLOAD_BYTES)"
            )
        command = UploadCommand(
            dataset=dataset,
            on_error=on_error,
            filename=file.filename or "upload.csv",
            uploaded_by=request.user.user_id,
            source=file.file,  # type: ignore[arg-type]
            language=preferred_language(request.headers.get("accept-language")),
            mode=mode,
            sheet=sheet_field(data.get("sheet")),
        )
        # Rule titles and sample messages follow Accept-Language; English without one.
        language = command.language
        if dry_run(data.get("dry_run")):
            with _upload_slots(request).taken_by(request.user.user_id):
                check = await unless_disconnected(request.receive, check_upload(command))
            return Response(localised(check, language), status_code=200)
        with _upload_slots(request).taken_by(request.user.user_id):
            upload = await unless_disconnected(request.receive, upload_csv(command))
        status = 422 if upload.status is UploadStatus.REJECTED else 201
        return Response(
            localised(upload, language), status_code=status, headers={"Location": f"/uploads/{upload.id}"}
        )

    @get("/", summary="Summaries of your uploads, newest first (admins: everyone's)")
    async def list_uploads(
        self,
        request: Request[TokenClaims, str, Any],
        list_uploads: NamedDependency[ListUploads],
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
        offset: Annotated[int, Parameter(ge=0, le=MAX_OFFSET)] = 0,
    ) -> UploadPage:
        return await list_uploads(request.user, limit=limit, offset=offset)

    @get("/{upload_id:str}", summary="One upload with its full validation report")
    async def get_upload(
        self,
        request: Request[TokenClaims, str, Any],
        get_upload: NamedDependency[GetUpload],
        upload_id: FromPath[str],
    ) -> Upload:
        upload = await get_upload(upload_id, request.user)
        return localised(upload, preferred_language(request.headers.get("accept-language")))


def _upload_slots(request: Request[Any, Any, Any]) -> UploadSlots:
    # Made on first use, so every app built by create_app gets its own, sized by its settings.
    state = request.app.state
    slots: UploadSlots | None = state.get("upload_slots")
    if slots is None:
        slots = state["upload_slots"] = UploadSlots(
            container_of(request).settings().max_concurrent_uploads_per_user
        )
    return slots


def sheet_field(raw: object) -> str | None:
    """The form's `sheet`: a workbook's sheet name, None when absent or blank; shared with the web form."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str):
        raise InvalidInput("'sheet' is the name of one sheet of the .xlsx workbook")
    return raw.strip()


def load_mode(raw: object) -> LoadMode:
    """The form's `mode`, `append` when absent; shared with the web form."""
    text = str(raw or "append").strip().lower()
    try:
        return LoadMode(text)
    except ValueError:
        raise InvalidInput(f"mode {raw!r} is not valid; use append, upsert or replace") from None


def _form_fields(data: dict[str, Any]) -> tuple[UploadFile, str, OnError]:
    unknown = set(data) - FORM_FIELDS
    if unknown:
        raise InvalidInput(
            f"unknown form field(s): {', '.join(sorted(unknown))}; "
            "send file, dataset, on_error, mode, dry_run and sheet"
        )
    file = data.get("file")
    if isinstance(file, list):
        raise InvalidInput("send exactly one file per upload in the form field 'file'")
    if not isinstance(file, UploadFile):
        raise InvalidInput(
            "the form field 'file' is missing or is not a file; send the CSV as multipart 'file'"
        )
    dataset = data.get("dataset")
    if not isinstance(dataset, str) or not dataset.strip():
        raise InvalidInput("the form field 'dataset' is missing; name the target dataset, e.g. 'sales_2024'")
    raw_policy = data.get("on_error") or "reject"
    try:
        on_error = OnError(str(raw_policy).strip().lower())
    except ValueError:
        raise InvalidInput(f"on_error {raw_policy!r} is not valid; use reject, skip or accept") from None
    return file, dataset, on_error
