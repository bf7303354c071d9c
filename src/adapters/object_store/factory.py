"""Builds the object store named by `INGESTA_OBJECT_STORE_URL`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from adapters.object_store.local_directory_object_store import LocalDirectoryObjectStore
from adapters.object_store.s3_direct_uploads import S3DirectUploads
from adapters.object_store.s3_object_store import (
    DEFAULT_MULTIPART_THRESHOLD,
    DEFAULT_TIMEOUT_SECONDS,
    S3ObjectStore,
)
from application.ports.direct_uploads import DirectUploads
from application.ports.object_store import ObjectStore

ACCEPTED_FORMS = "file://./relative/dir, file:///absolute/dir or s3://bucket[/prefix]"


def object_store_from_url(
    url: str,
    *,
    sse: str | None = None,
    kms_key_id: str | None = None,
    multipart_threshold: int | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> ObjectStore:
    """`file://./var/objects` (relative to the working directory), `file:///abs/path`, or `s3://bucket/prefix`."""
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise ValueError(f"object store URL must not have a query or fragment; use {ACCEPTED_FORMS}")
    if parts.scheme == "file":
        return LocalDirectoryObjectStore(_local_root(parts.netloc, unquote(parts.path)))
    if parts.scheme == "s3":
        if not parts.netloc:
            raise ValueError(f"object store URL {url!r} names no bucket; use {ACCEPTED_FORMS}")
        return S3ObjectStore(
            parts.netloc,
            unquote(parts.path).strip("/"),
            multipart_threshold=multipart_threshold or DEFAULT_MULTIPART_THRESHOLD,
            server_side_encryption=sse,
            kms_key_id=kms_key_id,
            timeout_seconds=timeout,
        )
    raise ValueError(f"unsupported object store URL {url!r}; use {ACCEPTED_FORMS}")


def direct_uploads_for(store: ObjectStore) -> DirectUploads | None:
    """Presigned transfers need S3; the local store has no URL a client could send bytes to."""
    if isinstance(store, S3ObjectStore):
        return S3DirectUploads(store, store.client)
    return None


def _local_root(netloc: str, path: str) -> Path:
    # `file://./var/objects` parses with netloc "." (or ".."): the path is relative to the cwd.
    if netloc in {".", ".."}:
        return Path.cwd() / netloc / path.lstrip("/")
    if netloc in {"", "localhost"} and path.startswith("/"):
        return Path(path)
    raise ValueError(f"file URL must be file://./relative/dir or file:///absolute/dir; use {ACCEPTED_FORMS}")
