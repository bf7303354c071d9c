"""DirectUploads on S3: presigned `UploadPart` URLs, completion, and aborting multipart uploads left open."""

from __future__ import annotations

import asyncio
import math
from datetime import datetime
from typing import Any

from adapters.object_store.s3_errors import s3_errors
from adapters.object_store.s3_multipart_upload import MIN_PART_SIZE
from adapters.object_store.s3_object_store import S3ObjectStore
from application.errors import InvalidInput
from application.ports.direct_uploads import CompletedPart, PresignedPart

MAX_PARTS = 10_000  # an S3 limit
DEFAULT_PART_SIZE = 64 * 1024 * 1024


class S3DirectUploads:
    """Multipart uploads in the store's bucket under its prefix; the part size grows with the file so
    that no file needs more than S3's 10,000 parts."""

    def __init__(self, store: S3ObjectStore, client: Any, part_size: int = DEFAULT_PART_SIZE) -> None:
        self._store = store
        self._client = client
        self._part_size = max(part_size, MIN_PART_SIZE)

    def part_size_for(self, size: int) -> int:
        return max(self._part_size, math.ceil(size / MAX_PARTS))

    async def start(self, key: str, size: int, expires_seconds: int) -> tuple[int, tuple[PresignedPart, ...]]:
        parts = await asyncio.to_thread(self._start, self._store.s3_key(key), size, expires_seconds)
        return self.part_size_for(size), parts

    async def complete(self, key: str, parts: tuple[CompletedPart, ...]) -> int:
        return await asyncio.to_thread(self._complete, self._store.s3_key(key), parts)

    async def abort_stale(self, before: datetime) -> int:
        return await asyncio.to_thread(self._abort_stale, before)

    def _start(self, s3_key: str, size: int, expires_seconds: int) -> tuple[PresignedPart, ...]:
        bucket = self._store.bucket
        with s3_errors("create multipart upload"):
            opened = self._client.create_multipart_upload(
                Bucket=bucket, Key=s3_key, ContentType="text/csv", **self._store.encryption
            )
            count = max(1, math.ceil(size / self.part_size_for(size)))
            return tuple(
                PresignedPart(
                    number,
                    self._client.generate_presigned_url(
                        "upload_part",
                        Params={
                            "Bucket": bucket,
                            "Key": s3_key,
                            "UploadId": opened["UploadId"],
                            "PartNumber": number,
                        },
                        ExpiresIn=expires_seconds,
                    ),
                )
                for number in range(1, count + 1)
            )

    def _open_upload_id(self, s3_key: str) -> str:
        with s3_errors("list multipart uploads"):
            listed = self._client.list_multipart_uploads(Bucket=self._store.bucket, Prefix=s3_key)
        for upload in listed.get("Uploads", []):
            if upload["Key"] == s3_key:
                return str(upload["UploadId"])
        raise InvalidInput("this upload has no open transfer: it was completed, aborted or has expired")

    def _complete(self, s3_key: str, parts: tuple[CompletedPart, ...]) -> int:
        upload_id = self._open_upload_id(s3_key)
        ordered = sorted(parts, key=lambda part: part.part_number)
        with s3_errors("complete multipart upload"):
            try:
                self._client.complete_multipart_upload(
                    Bucket=self._store.bucket,
                    Key=s3_key,
                    UploadId=upload_id,
                    MultipartUpload={
                        "Parts": [{"PartNumber": p.part_number, "ETag": p.etag} for p in ordered]
                    },
                )
            except self._client.exceptions.ClientError as error:
                code = error.response.get("Error", {}).get("Code", "")
                if code in {"InvalidPart", "InvalidPartOrder", "EntityTooSmall", "NoSuchUpload"}:
                    raise InvalidInput(
                        f"S3 refused to complete the upload ({code}): send every part's ETag"
                    ) from None
                raise
            head = self._client.head_object(Bucket=self._store.bucket, Key=s3_key)
        return int(head["ContentLength"])

    def _abort_stale(self, before: datetime) -> int:
        prefix = f"{self._store.prefix}/" if self._store.prefix else ""
        aborted = 0
        with s3_errors("list multipart uploads"):
            listed = self._client.list_multipart_uploads(Bucket=self._store.bucket, Prefix=prefix)
            for upload in listed.get("Uploads", []):
                if upload["Initiated"] < before:
                    self._client.abort_multipart_upload(
                        Bucket=self._store.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                    )
                    aborted += 1
        return aborted
