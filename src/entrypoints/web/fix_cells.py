"""POST /ui/uploads/{id}/corrections: the report's "fix cells" form sent, a new upload made of it."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect

from application.errors import InvalidInput
from application.use_cases.check_upload import CheckUpload
from application.use_cases.correct_upload import CorrectUpload
from application.use_cases.generate_insights import Language
from application.use_cases.upload_csv import UploadCsv
from domain.auth.claims import TokenClaims
from domain.uploads.cell_corrections import CellEdit
from entrypoints.web.rendering import page_language
from entrypoints.web.upload_page_controller import render_check
from entrypoints.web.web_security import CSRF_FIELD
from entrypoints.web.web_session import container_of, require_csrf, requires_web_uploader


class FixCellsController(Controller):
    @post("/ui/uploads/{upload_id:str}/corrections", guards=[requires_web_uploader], status_code=303)
    async def correct(
        self,
        request: Request[Any, Any, Any],
        correct_upload: NamedDependency[CorrectUpload],
        upload_csv: NamedDependency[UploadCsv],
        check_upload: NamedDependency[CheckUpload],
        upload_id: FromPath[str],
    ) -> Response[Any]:
        """Only the cells whose value was changed are sent; the new upload's report is shown next."""
        claims: TokenClaims = request.state.claims
        form = await request.form()
        await require_csrf(request, _one(form.getall(CSRF_FIELD, [])), claims)
        edits = _changed_cells(form)
        language: Language = "es" if page_language(request) == "es" else "en"
        # The sheet the upload read (the form keeps it): the rows and columns named are that sheet's.
        sheet = _one(form.getall("sheet", [])) or None
        command = await correct_upload(upload_id, edits, claims, language=language, sheet=sheet)
        try:
            if form.get("dry_run") == "true":
                return await render_check(request, claims, await check_upload(command))
            size = command.source.seek(0, 2)
            command.source.seek(0)
            if size > container_of(request).settings().async_threshold_bytes:
                upload = await container_of(request).accept_upload()(command)
            else:
                upload = await upload_csv(command)
        finally:
            command.source.close()
        return Redirect(f"/ui/uploads/{upload.id}", status_code=303)


def _changed_cells(form: Any) -> list[CellEdit]:
    rows, columns = form.getall("row", []), form.getall("column", [])
    values, originals = form.getall("value", []), form.getall("original", [])
    if not len(rows) == len(columns) == len(values) == len(originals):
        raise InvalidInput("the correction form is incomplete; reload the report and try again")
    edits = []
    for row, column, value, original in zip(rows, columns, values, originals, strict=True):
        if value == original:
            continue  # unchanged: the sample may be an excerpt of a longer cell, never written back
        try:
            edits.append(CellEdit(row=int(row), column=str(column), value=str(value)))
        except ValueError:
            raise InvalidInput("the correction form is incomplete; reload the report and try again") from None
    return edits


def _one(values: list[Any]) -> str | None:
    return values[0] if values and isinstance(values[0], str) else None
