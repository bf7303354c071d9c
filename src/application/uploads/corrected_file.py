"""Writing an archived file again with a few cells changed: read as the validation read it, written as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import BinaryIO

from application.uploads.binary_text_source import BinaryTextSource
from domain.uploads.cell_corrections import CellEdit, CorrectionRefused, corrected_records
from domain.validation.reading import open_records
from domain.validation.records import ParseFailure

_BATCH = 4096


def write_corrected(
    source: BinaryIO,
    target: BinaryIO,
    *,
    encoding: str,
    delimiter: str,
    edits: Sequence[CellEdit],
    keep: Callable[[int], bool] = lambda _row: True,
) -> None:
    """`source` (CSV text in `encoding`) into `target` as UTF-8 CSV with `delimiter`, the edits applied.

    Cells are written exactly as read (quoted only where the delimiter, a quote or a line break needs it),
    so every value keeps its text: `007` stays `007`. Bytes the original could not decode are written
    back as they were, so the corrected file reports them as the original did.
    """
    header, numbered = open_records(BinaryTextSource(source), encoding, delimiter, _BATCH)
    if header is None or isinstance(header, ParseFailure):
        raise CorrectionRefused("the original file has no header row to correct cells under")
    text = io.TextIOWrapper(target, encoding="utf-8", errors="surrogateescape", newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    try:
        for record in corrected_records(header, numbered, edits, keep=keep):
            if not any(record):
                text.write("\r\n")  # a blank record stays one blank line, so later rows keep their numbers
            else:
                writer.writerow(record)
        text.flush()
    except UnicodeEncodeError as error:
        raise CorrectionRefused(
            "the original file holds bytes that cannot be written again; correct it in the file itself"
        ) from error
    finally:
        text.detach()
    target.seek(0)
