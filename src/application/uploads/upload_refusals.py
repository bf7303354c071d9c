"""Refusals every way of sending an upload asks before anything is archived (API, web, presigned, queued).

One place, so an upload processed in its request, a queued one, a presigned one and a dry run cannot
drift apart in what they refuse or how they say it.
"""

from __future__ import annotations

from application.errors import ContentAlreadyLoaded, InvalidInput, UnsupportedContent
from application.ports.dataset_store import StoredContract
from application.uploads.file_digest import FileDigest
from domain.uploads.content_sniffing import binary_content_reason
from domain.uploads.upload import LoadMode, Upload


def refuse_binary(digest: FileDigest) -> None:
    """`UnsupportedContent` when the file's first bytes are not text (nor an .xlsx workbook)."""
    reason = binary_content_reason(digest.head)
    if reason is not None:
        raise UnsupportedContent(reason)


def refuse_loaded(existing: Upload | None, uploader: str) -> None:
    """The same content loads into a dataset once (twice would duplicate its rows); only the uploader
    of the loaded copy is told which upload it was."""
    if existing is not None:
        raise ContentAlreadyLoaded(existing.dataset, existing.id, named=existing.uploaded_by == uploader)


def refuse_upsert_without_key(mode: LoadMode, contract: StoredContract | None, dataset: str) -> None:
    """`upsert` replaces rows by key: refused while the dataset's contract declares none."""
    if mode is LoadMode.UPSERT and (contract is None or not contract.schema.primaryKey):
        raise InvalidInput(
            f"mode 'upsert' needs a primaryKey in the contract of {dataset!r}; declare one with "
            f"PUT /datasets/{dataset}/schema, or use mode 'append' or 'replace'"
        )
