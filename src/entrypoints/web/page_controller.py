"""The pages a browser navigates to: login, upload, history and one report (datasets: their own module)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, Parameter
from litestar.response import Redirect

from application.use_cases.get_upload import GetUpload
from application.use_cases.list_uploads import MAX_OFFSET, ListUploads
from domain.auth.claims import TokenClaims
from domain.auth.permissions import sees_every_upload
from domain.uploads.cell_corrections import MAX_CORRECTED_CELLS
from domain.uploads.upload import Upload
from domain.validation.report import Validation
from entrypoints.web.column_matching_page import matching_proposal
from entrypoints.web.fixable_cells import fixable_cells
from entrypoints.web.i18n import LANGUAGES
from entrypoints.web.rendering import render
from entrypoints.web.web_session import container_of, requires_session, session_claims

HISTORY_PAGE_SIZE = 25
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def failed_first(validations: tuple[Validation, ...]) -> list[Validation]:
    """Failed rules before passed ones, the most severe first, so problems are seen without scrolling."""
    return sorted(
        validations,
        key=lambda v: (v.status.value != "failed", _SEVERITY_ORDER.get(v.severity.value, 3), v.rule),
    )


async def report_context(
    request: Request[Any, Any, Any], upload: Upload, *, may_fix: bool = False, sheet: str | None = None
) -> dict[str, Any]:
    """The report's template values: the column matching screen when the file's headers do not fit the
    dataset, and for a viewer who may upload (`may_fix`) the fix-cells form. `sheet`: the workbook's sheet
    the upload read (the record does not keep it), which the fix form sends back with the cells."""
    matching = await matching_proposal(request, upload)
    # Headers to pair come first: corrected cells under unmatched headers would be refused again.
    fixable = may_fix and matching is None
    return {
        "upload": upload,
        "validations": failed_first(upload.validations),
        "matching": matching,
        "fix_cells": fixable_cells(upload) if fixable else [],
        "fix_limit": MAX_CORRECTED_CELLS,
        "sheet": sheet or None,
    }


class PageController(Controller):
    """Server-rendered pages; the session comes from the HttpOnly cookie, never from script."""

    @get("/")
    async def home(self, request: Request[Any, Any, Any]) -> Response[Any]:
        if await session_claims(request) is not None:
            language = request.query_params.get("lang")
            return Redirect(f"/ui/upload?lang={language}" if language in LANGUAGES else "/ui/upload")
        return render(request, "login.html", error_key=None, username="")

    @get("/ui/uploads", guards=[requires_session])
    async def history(
        self,
        request: Request[Any, Any, Any],
        list_uploads: NamedDependency[ListUploads],
        offset: Annotated[int, Parameter(ge=0, le=MAX_OFFSET)] = 0,
    ) -> Response[Any]:
        claims: TokenClaims = request.state.claims
        page = await list_uploads(claims, limit=HISTORY_PAGE_SIZE, offset=offset)
        return render(
            request, "history.html", claims=claims, page=page, sees_all=sees_every_upload(claims.role)
        )

    @get("/ui/uploads/{upload_id:str}", guards=[requires_session])
    async def report(
        self,
        request: Request[Any, Any, Any],
        get_upload: NamedDependency[GetUpload],
        upload_id: FromPath[str],
        sheet: str | None = None,
    ) -> Response[Any]:
        """`?sheet=`: the workbook's sheet the upload read (the page passes the one it sent)."""
        claims: TokenClaims = request.state.claims
        upload = await get_upload(upload_id, claims)
        may_fix = container_of(request).upload_policy().allows(claims.role)
        context = await report_context(request, upload, may_fix=may_fix, sheet=sheet)
        return render(request, "report_page.html", claims=claims, **context)
