"""A multipart upload that either completes whole or is aborted, leaving no half object behind."""

from __future__ import annotations

from contextlib import suppress
from typing import Any, BinaryIO

from botocore.exceptions import BotoCoreError, ClientError

from adapters.object_store.checksums import StreamVerifier, read_up_to, sha256_base64
from adapters.object_store.s3_errors import s3_errors

MIN_PART_SIZE = 5 * 1024 * 1024  # S3's floor for every part but the last


def upload_in_parts(
    client: Any,
    *,
    bucket: str,
    key: str,
    source: BinaryIO,
    verifier: StreamVerifier,
    part_size: int,
    object_args: dict[str, Any],
) -> None:
    """Uploads `source` in `part_size` parts, each with its own SHA-256, and completes only if the
    whole stream matches `verifier`. Any failure aborts the upload (best effort: if the abort
    itself cannot reach S3, a bucket lifecycle rule `AbortIncompleteMultipartUpload` cleans up).
    """
    with s3_errors("create multipart upload"):
        created = client.create_multipart_upload(
            Bucket=bucket, Key=key, ChecksumAlgorithm="SHA256", **object_args
        )
    upload_id = created["UploadId"]
    try:
        parts = _upload_parts(client, bucket, key, upload_id, source, verifier, part_size)
        verifier.check()
        with s3_errors("complete multipart upload"):
            client.complete_multipart_upload(
                Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
    except BaseException:
        with suppress(BotoCoreError, ClientError):
            client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
        raise


def _upload_parts(
    client: Any,
    bucket: str,
    key: str,
    upload_id: str,
    source: BinaryIO,
    verifier: StreamVerifier,
    part_size: int,
) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = []
    number = 1
    while chunk := read_up_to(source, part_size):
        verifier.update(chunk)
        checksum = sha256_base64(chunk)
        with s3_errors("upload part"):
            response = client.upload_part(
                Bucket=bucket,
                Key=key,
                UploadId=upload_id,
                PartNumber=number,
                Body=chunk,
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=checksum,
            )
        parts.append(
            {
                "ETag": response["ETag"],
                "PartNumber": number,
                "ChecksumSHA256": response.get("ChecksumSHA256", checksum),
            }
        )
        number += 1
    return parts
