"""The upload form (`multipart/form-data`) as both the API and the web page read it: one parser, one
set of refusals, so the two entrypoints cannot drift apart."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import msgspec
from litestar.datastructures import UploadFile

from application.errors import InvalidInput
from domain.uploads.upload import LoadMode, OnError

FORM_FIELDS = frozenset({"file", "dataset", "on_error", "mode", "dry_run", "sheet"})

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


class UploadForm(msgspec.Struct, frozen=True, kw_only=True):
    file: UploadFile
    dataset: str  # stripped of surrounding blanks; its rules are the domain's (`parse_dataset_name`)
    on_error: OnError = OnError.REJECT
    mode: LoadMode = LoadMode.APPEND
    dry_run: bool = False
    sheet: str | None = None

    @property
    def filename(self) -> str:
        return self.file.filename or "upload.csv"


def parse_upload_form(data: Mapping[str, Any], *, also: Collection[str] = ()) -> UploadForm:
    """`also` names the fields an entrypoint reads itself (the web page's CSRF token)."""
    unknown = set(data) - FORM_FIELDS - set(also)
    if unknown:
        raise InvalidInput(
            f"unknown form field(s): {', '.join(sorted(unknown))}; "
            "send file, dataset, on_error, mode, dry_run and sheet"
        )
    return UploadForm(
        file=_file(data.get("file")),
        dataset=_dataset(data.get("dataset")),
        on_error=_on_error(data.get("on_error")),
        mode=load_mode(data.get("mode")),
        dry_run=dry_run(data.get("dry_run")),
        sheet=sheet_field(data.get("sheet")),
    )


def _file(raw: object) -> UploadFile:
    if isinstance(raw, list):
        raise InvalidInput("send exactly one file per upload in the form field 'file'")
    if not isinstance(raw, UploadFile):
        raise InvalidInput(
            "the form field 'file' is missing or is not a file; send the CSV or .xlsx file as 'file'"
        )
    return raw


def _dataset(raw: object) -> str:
    # Surrounding blanks are a slip of the keyboard, not part of the name: they are dropped.
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInput("the form field 'dataset' is missing; name the target dataset, e.g. 'sales_2024'")
    return raw.strip()


def _on_error(raw: object) -> OnError:
    try:
        return OnError(str(raw or "reject").strip().lower())
    except ValueError:
        raise InvalidInput(f"on_error {raw!r} is not valid; use reject, skip or accept") from None


def load_mode(raw: object) -> LoadMode:
    """The form's `mode`, `append` when absent."""
    try:
        return LoadMode(str(raw or "append").strip().lower())
    except ValueError:
        raise InvalidInput(f"mode {raw!r} is not valid; use append, upsert or replace") from None


def dry_run(raw: object) -> bool:
    """True for true/1/yes/on (a checkbox sends `on`), False when absent or false/0/no/off."""
    text = str(raw if raw is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidInput(f"dry_run {raw!r} is not valid; use true or false")


def sheet_field(raw: object) -> str | None:
    """The form's `sheet`: a workbook's sheet name, None when absent or blank."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str):
        raise InvalidInput("'sheet' is the name of one sheet of the .xlsx workbook")
    return raw.strip()
