"""GET /uploads/{id}/errors.csv and .xlsx: every invalid row of an upload, its row number and reasons."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence
from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Stream

from application.use_cases.download_invalid_rows import DownloadInvalidRows, InvalidRows
from domain.auth.claims import TokenClaims
from domain.validation.row_findings import InvalidRow
from entrypoints.api.invalid_rows_workbook import REASON_SEPARATOR, XLSX, invalid_rows_xlsx
from entrypoints.api.problems import language_of
from entrypoints.i18n.row_reasons import added_columns, localised_reason


class InvalidRowsController(Controller):
    path = "/uploads"
    tags = ["uploads"]

    @get(
        "/{upload_id:str}/errors.csv",
        summary="Every invalid row of an upload as CSV: row number, original cells, reasons",
        media_type="text/csv; charset=utf-8",
    )
    async def errors_csv(
        self,
        request: Request[TokenClaims, str, Any],
        download_invalid_rows: NamedDependency[DownloadInvalidRows],
        upload_id: FromPath[str],
        sheet: FromQuery[str | None] = None,
    ) -> Stream:
        """`sheet`: for a workbook uploaded with `sheet=`, the same sheet name. The reasons (and the
        added columns' names) follow `Accept-Language`."""
        found = await download_invalid_rows(upload_id, request.user, sheet)
        return invalid_rows_csv(found, language_of(request))

    @get(
        "/{upload_id:str}/errors.xlsx",
        summary="The same invalid rows as errors.csv, as an .xlsx workbook (one sheet, cells as text)",
        media_type=XLSX,
    )
    async def errors_xlsx(
        self,
        request: Request[TokenClaims, str, Any],
        download_invalid_rows: NamedDependency[DownloadInvalidRows],
        upload_id: FromPath[str],
        sheet: FromQuery[str | None] = None,
    ) -> Stream:
        """`sheet`: for a workbook uploaded with `sheet=`, the same sheet name. The reasons (and the
        added columns' names) follow `Accept-Language`."""
        found = await download_invalid_rows(upload_id, request.user, sheet)
        return await invalid_rows_workbook(found, language_of(request))


def invalid_rows_csv(found: InvalidRows, language: str = "en") -> Stream:
    """The streamed CSV answer: a header row, then one record per invalid row as it is read; the
    reasons and the added columns' names in `language`."""
    filename = _download_name(found.filename)
    return Stream(
        _csv_lines(found, language),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Content-Language": language,
            "Vary": "Accept-Language",
        },
    )


async def invalid_rows_workbook(found: InvalidRows, language: str = "en") -> Stream:
    """The .xlsx answer: the same header and records as the CSV, in one worksheet."""
    return await invalid_rows_xlsx(found, _download_name(found.filename, "xlsx"), language)


def _download_name(filename: str, extension: str = "csv") -> str:
    stem = filename.rsplit(".", 1)[0] or "upload"
    safe = "".join(char if char.isalnum() or char in "-_." else "_" for char in stem)
    return f"{safe}-errors.{extension}"


async def _csv_lines(found: InvalidRows, language: str) -> AsyncIterator[bytes]:
    row_column, reasons_column = added_columns(language)
    yield _encode([[row_column, *found.header, reasons_column]])
    async for batch in found.batches:
        yield _encode(_record(row, len(found.header), language) for row in batch)


def _record(row: InvalidRow, width: int, language: str) -> list[str]:
    cells: Sequence[str] = row.cells
    if len(cells) < width:
        cells = [*cells, *([""] * (width - len(cells)))]
    # A row with extra cells keeps them: the reasons still come last, after every original cell.
    return [
        str(row.row),
        *cells,
        REASON_SEPARATOR.join(localised_reason(reason, language) for reason in row.reasons),
    ]


def _encode(records: Any) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(records)
    return text.getvalue().encode("utf-8")
