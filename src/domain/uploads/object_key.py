"""Where an upload's raw file lives in the archive: never the client's filename."""

from __future__ import annotations

from datetime import datetime


def object_key(dataset: str, upload_id: str, created_at: datetime, extension: str = "csv") -> str:
    """`<dataset>/<yyyy>/<mm>/<dd>/<upload_id>.<extension>` (csv, or xlsx for a workbook kept as sent);
    the object store adds its own prefix."""
    return f"{dataset}/{created_at:%Y/%m/%d}/{upload_id}.{extension}"
