"""The invalid rows as an .xlsx workbook: the same columns as errors.csv, written in constant memory."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from typing import IO, Any

import xlsxwriter
from litestar.response import Stream

from application.errors import InvalidInput
from application.use_cases.download_invalid_rows import InvalidRows
from domain.validation.row_findings import InvalidRow
from entrypoints.i18n.row_reasons import added_columns, localised_reason, sheet_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# One worksheet holds 1,048,576 rows; the first is the header.
MAX_ROWS = 1_048_575
CHUNK = 64 * 1024
MAX_CELL_CHARS = 32_767
STRING_TOO_LONG = -2
# Several reasons of one row share its single "reasons" cell (CSV and workbook alike), shown on one line.
REASON_SEPARATOR = "; "


async def invalid_rows_xlsx(found: InvalidRows, download_name: str, language: str = "en") -> Stream:
    """Write the workbook to a temporary file, then stream it; an overflow is a 400, not a cut file.

    The workbook is complete before the first byte is sent because a ZIP's directory comes last;
    `constant_memory` flushes each row to disk, so memory stays flat whatever the number of rows.
    """
    target = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the streaming generator or on error
    try:
        await _write(found, target, language)
    except BaseException:
        target.close()
        raise
    return Stream(
        _chunks(target),
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{download_name}"',
            "Content-Language": language,
            "Vary": "Accept-Language",
        },
    )


async def _write(found: InvalidRows, target: IO[bytes], language: str) -> None:
    book = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False})
    sheet = book.add_worksheet(sheet_name(language))
    bold = book.add_format({"bold": True})
    row_column, reasons_column = added_columns(language)
    header = [row_column, *found.header, reasons_column]
    for column, name in enumerate(header):
        sheet.write_string(0, column, name, bold)
    written = 0
    async for batch in found.batches:
        if written + len(batch) > MAX_ROWS:
            book.close()
            raise InvalidInput(
                f"the invalid rows do not fit in one worksheet (at most {MAX_ROWS}); "
                "download errors.csv instead"
            )
        await asyncio.to_thread(_write_rows, sheet, written + 1, batch, len(found.header), language)
        written += len(batch)
    await asyncio.to_thread(book.close)


def _write_rows(sheet: Any, first: int, batch: list[InvalidRow], width: int, language: str) -> None:
    for offset, row in enumerate(batch):
        line = first + offset
        sheet.write_number(line, 0, row.row)
        cells = list(row.cells) + [""] * (width - len(row.cells))
        # write_string, never write(): a cell such as "=1+1" stays the text the file held, not a formula.
        texts = [*cells, REASON_SEPARATOR.join(localised_reason(reason, language) for reason in row.reasons)]
        for column, value in enumerate(texts, start=1):
            # XlsxWriter cuts a longer string and says so with -2: refuse rather than hand over a cut value.
            if value and sheet.write_string(line, column, value) == STRING_TOO_LONG:
                raise InvalidInput(
                    f"row {row.row} holds a value longer than a worksheet cell takes ({MAX_CELL_CHARS} "
                    "characters); download errors.csv instead"
                )


async def _chunks(source: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        source.seek(0)
        while chunk := await asyncio.to_thread(source.read, CHUNK):
            yield chunk
    finally:
        source.close()
