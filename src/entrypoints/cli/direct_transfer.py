"""`ingesta upload` of a large file to a service on S3: the bytes go to the bucket, not through the API."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

# Below this a presigned transfer saves nothing worth its extra round trips.
DIRECT_FROM_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


Answer = Callable[["httpx.Response", tuple[int, ...]], dict[str, Any]]


def send_direct(
    client: httpx.Client,
    token: str,
    path: str,
    fields: dict[str, str],
    answer: Answer,
    transport: httpx.BaseTransport | None = None,
) -> dict[str, Any] | None:
    """Presign, PUT the parts to S3, complete: the queued upload (202); None when the service keeps files
    in a local folder (501), so the caller sends the file through the API instead. `answer` reads a
    response, raising the caller's error for any status not accepted."""
    import httpx  # only when a file goes straight to S3: `ingesta --help` must not load it

    headers = {"Authorization": f"Bearer {token}"}
    size = os.path.getsize(path)
    body = {
        "dataset": fields["dataset"],
        "filename": os.path.basename(path),
        "size": size,
        "sha256": sha256_of(path),
        "on_error": fields["on_error"],
        "mode": fields["mode"],
    }
    presigned = client.post("/uploads/presign", json=body, headers=headers)
    if presigned.status_code == 501:
        return None
    transfer = answer(presigned, (201,))
    parts = []
    # Its own client: presigned URLs are absolute and carry their own authorisation, not our token.
    with httpx.Client(timeout=600, transport=transport) as s3, open(path, "rb") as source:
        for part in transfer["parts"]:
            source.seek((part["part_number"] - 1) * transfer["part_size"])
            sent = s3.put(part["url"], content=source.read(transfer["part_size"]))
            sent.raise_for_status()
            parts.append({"part_number": part["part_number"], "etag": sent.headers["etag"]})
    completed = client.post(f"/uploads/{transfer['id']}/complete", json={"parts": parts}, headers=headers)
    return answer(completed, (202,))
