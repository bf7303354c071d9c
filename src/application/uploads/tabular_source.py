"""The CSV text an upload is validated from: the file itself, or an .xlsx workbook's sheet written as CSV."""

from __future__ import annotations

import asyncio
import tempfile
from typing import BinaryIO

from application.errors import InvalidInput, UnsupportedContent
from application.ports.object_store import ObjectStore
from application.ports.spreadsheet_reader import SpreadsheetReader
from application.uploads.file_digest import HEAD
from domain.uploads.content_sniffing import is_xlsx


def archive_extension(head: bytes) -> str:
    """The archived object keeps the file as sent: `xlsx` for a workbook, else `csv`."""
    return "xlsx" if is_xlsx(head) else "csv"


async def csv_text_of(
    source: BinaryIO, head: bytes, reader: SpreadsheetReader | None, sheet: str | None
) -> BinaryIO:
    """`source` itself for CSV; for a workbook, a temporary file with its sheet as CSV (close it after).

    Every rule then reads the same kind of stream, so a workbook is judged exactly like its CSV export.
    """
    if not is_xlsx(head):
        if sheet is not None:
            raise InvalidInput("'sheet' names a sheet of an .xlsx workbook; this file is CSV text")
        return source
    if reader is None:
        raise UnsupportedContent("this service reads no .xlsx workbooks; export the sheet as CSV")
    target = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it once both passes are done
    try:
        await asyncio.to_thread(reader.write_csv, source, target, sheet)
    except BaseException:
        target.close()
        raise
    finally:
        source.seek(0)  # the raw workbook is archived next, read from its start
    target.seek(0)
    return target


def close_converted(text: BinaryIO, source: BinaryIO) -> None:
    if text is not source:
        text.close()


async def archived_csv_text(
    objects: ObjectStore, object_key: str, reader: SpreadsheetReader | None, sheet: str | None
) -> BinaryIO:
    """A local copy of an archived file as CSV text, at its start (a workbook: its sheet written as CSV);
    the caller closes it. Re-reading an upload (its error rows, a corrected copy) starts here."""
    copy: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 - closed here or by the caller
    try:
        await objects.download(object_key, copy)
        copy.seek(0)
        text = await csv_text_of(copy, copy.read(HEAD), reader, sheet)
    except BaseException:
        copy.close()
        raise
    if text is not copy:
        copy.close()
    text.seek(0)
    return text
