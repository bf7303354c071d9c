"""POST /uploads/{id}/corrections: a few cells of a rejected or partly loaded upload fixed as a new upload."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.use_cases.check_upload import CheckUpload, UploadCheck
from application.use_cases.correct_upload import CorrectUpload
from application.use_cases.upload_csv import UploadCsv
from domain.auth.claims import TokenClaims
from domain.uploads.cell_corrections import MAX_CELL_CHARS, MAX_CORRECTED_CELLS, CellEdit
from entrypoints.api.guards import requires_upload_role
from entrypoints.api.languages import preferred_language
from entrypoints.api.upload_controller import answer_upload
from entrypoints.api.upload_resource import Upload as UploadResource


class CellCorrection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One cell's new value, kept as typed: `row` as in the report (header = 1), `column` its header name."""

    row: Annotated[int, msgspec.Meta(ge=-(2**62), le=2**62)]
    column: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
    value: Annotated[str, msgspec.Meta(max_length=MAX_CELL_CHARS)]


class CorrectionRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """At most `MAX_CORRECTED_CELLS` cells; `dry_run` checks the corrected file and keeps nothing."""

    cells: Annotated[list[CellCorrection], msgspec.Meta(min_length=1, max_length=1000)]
    dry_run: bool = False
    # For an .xlsx upload read from a sheet other than the first: that sheet's name.
    sheet: str | None = None


class CorrectionController(Controller):
    path = "/uploads"
    tags = ["uploads"]

    @post(
        "/{upload_id:str}/corrections",
        guards=[requires_upload_role],
        status_code=201,
        summary=f"Correct up to {MAX_CORRECTED_CELLS} cells of a rejected or partly loaded upload",
    )
    async def correct(
        self,
        request: Request[TokenClaims, str, Any],
        correct_upload: NamedDependency[CorrectUpload],
        upload_csv: NamedDependency[UploadCsv],
        check_upload: NamedDependency[CheckUpload],
        upload_id: FromPath[str],
        data: JSONBody[CorrectionRequest],
    ) -> Response[UploadResource | UploadCheck]:
        """The server builds the corrected file from the archived original and these cells, and uploads it
        as a new upload whose `corrects` names this one: the same answers as POST /uploads (201 loaded,
        422 rejected, 202 a job, 200 with `dry_run`). For a partly loaded upload only the rows left out are
        sent again. 409: the upload was loaded whole (or never validated); 422 (problem): a row or column
        the file lacks, the header row, or more than 50 cells. Owner or admin only (404 for anyone else).
        """
        edits = [CellEdit(row=cell.row, column=cell.column, value=cell.value) for cell in data.cells]
        language = preferred_language(request.headers.get("accept-language"))
        command = await correct_upload(upload_id, edits, request.user, language=language, sheet=data.sheet)
        try:
            size = command.source.seek(0, 2)
            command.source.seek(0)
            return await answer_upload(request, command, size, data.dry_run, upload_csv, check_upload)
        finally:
            command.source.close()
