"""The Upload entity: one file sent for one dataset, with its outcome and report."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from domain.validation.report import Column, RowCounts, Validation


class UploadStatus(StrEnum):
    RECEIVED = "received"
    LOADED = "loaded"
    REJECTED = "rejected"
    FAILED = "failed"


class OnError(StrEnum):
    """What to load when error-level validations fail."""

    REJECT = "reject"
    SKIP = "skip"
    ACCEPT = "accept"


class LoadMode(StrEnum):
    """How an upload's rows meet the rows already in the dataset (keys come from its contract)."""

    APPEND = "append"  # add them; a key already in the dataset is an error, decided by on_error
    UPSERT = "upsert"  # add them; a row whose key exists replaces that row
    REPLACE = "replace"  # the upload's rows become the dataset's whole content


class Upload(msgspec.Struct, kw_only=True):
    id: str
    dataset: str
    status: UploadStatus
    filename: str
    bytes: int
    sha256: str
    object_key: str
    uploaded_by: str
    created_at: datetime
    on_error: OnError = OnError.REJECT
    encoding: str | None = None
    delimiter: str | None = None
    rows: RowCounts = msgspec.field(default_factory=RowCounts)
    columns: tuple[Column, ...] = ()
    validations: tuple[Validation, ...] = ()
    insights: dict[str, object] | None = None
    failure: str | None = None
    mode: LoadMode = LoadMode.APPEND
    # The contract version the file was checked against (None until the upload was validated).
    schema_version: int | None = None
    # Of `rows.loaded`: rows new to the dataset, and rows that replaced one with the same key (upsert).
    inserted: int = 0
    updated: int = 0
