"""Which failing cells a report offers to fix in the page (the samples' cells, each once, up to the bound)."""

from __future__ import annotations

import msgspec

from domain.uploads.cell_corrections import MAX_CORRECTED_CELLS
from domain.uploads.upload import OnError, Upload, UploadStatus
from domain.validation.report import RuleStatus, Severity


class FixableCell(msgspec.Struct, frozen=True):
    """A failing cell of the report's samples, offered for correction with the value it holds now."""

    row: int
    column: str
    value: str
    message: str


def may_be_corrected(upload: Upload) -> bool:
    """Rejected after validation, or loaded in part under `on_error=skip` (as `CorrectUpload` allows)."""
    if upload.status is UploadStatus.REJECTED:
        return upload.encoding is not None
    return (
        upload.status is UploadStatus.LOADED
        and upload.on_error is OnError.SKIP
        and upload.rows.loaded < upload.rows.total
    )


def fixable_cells(upload: Upload) -> list[FixableCell]:
    """The error samples that name one cell, each cell once, at most `MAX_CORRECTED_CELLS` of them."""
    if not may_be_corrected(upload):
        return []
    cells: dict[tuple[int, str], FixableCell] = {}
    for validation in upload.validations:
        if validation.status is not RuleStatus.FAILED or validation.severity is not Severity.ERROR:
            continue
        for sample in validation.samples:
            if sample.row is None or sample.column is None or sample.related_row is not None:
                continue
            key = (sample.row, sample.column)
            if key not in cells:
                cells[key] = FixableCell(sample.row, sample.column, sample.value or "", sample.message)
    return sorted(cells.values(), key=lambda cell: (cell.row, cell.column))[:MAX_CORRECTED_CELLS]
