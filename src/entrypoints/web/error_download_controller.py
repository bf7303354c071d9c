"""GET /ui/uploads/{id}/errors.csv and .xlsx: the report page's downloads of every invalid row.

`?sheet=`: for a workbook, the sheet its upload read (the report page's buttons carry the one it shows).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Stream

from application.use_cases.download_invalid_rows import DownloadInvalidRows
from domain.auth.claims import TokenClaims
from entrypoints.api.invalid_rows_controller import invalid_rows_csv, invalid_rows_workbook
from entrypoints.api.invalid_rows_workbook import XLSX
from entrypoints.web.rendering import page_language
from entrypoints.web.web_session import requires_session


class ErrorDownloadController(Controller):
    @get("/ui/uploads/{upload_id:str}/errors.csv", guards=[requires_session], media_type="text/csv")
    async def errors_csv(
        self,
        request: Request[Any, Any, Any],
        download_invalid_rows: NamedDependency[DownloadInvalidRows],
        upload_id: FromPath[str],
        sheet: FromQuery[str | None] = None,
    ) -> Stream:
        claims: TokenClaims = request.state.claims
        found = await download_invalid_rows(upload_id, claims, sheet or None)
        # The page's language (its links carry `?lang=`), as the page itself shows the reasons.
        return invalid_rows_csv(found, page_language(request))

    @get("/ui/uploads/{upload_id:str}/errors.xlsx", guards=[requires_session], media_type=XLSX)
    async def errors_xlsx(
        self,
        request: Request[Any, Any, Any],
        download_invalid_rows: NamedDependency[DownloadInvalidRows],
        upload_id: FromPath[str],
        sheet: FromQuery[str | None] = None,
    ) -> Stream:
        claims: TokenClaims = request.state.claims
        found = await download_invalid_rows(upload_id, claims, sheet or None)
        return await invalid_rows_workbook(found, page_language(request))
