"""An object store in an S3 bucket (or any S3-protocol server) through boto3."""

from __future__ import annotations

import asyncio
from typing import Any, BinaryIO

from adapters.object_store.checksums import StreamVerifier, hex_to_base64, iter_chunks
from adapters.object_store.object_keys import checked_key
from adapters.object_store.s3_client import s3_client
from adapters.object_store.s3_errors import s3_errors
from adapters.object_store.s3_multipart_upload import MIN_PART_SIZE, upload_in_parts
from application.errors import ObjectStoreUnavailable

DEFAULT_MULTIPART_THRESHOLD = 64 * 1024 * 1024
DEFAULT_PART_SIZE = 16 * 1024 * 1024
DEFAULT_TIMEOUT_SECONDS = 10.0
ATTEMPTS = 3
_ENCRYPTIONS = frozenset({"AES256", "aws:kms"})


class S3ObjectStore:
    """Keeps each object as `s3://<bucket>/<prefix>/<key>` with its SHA-256 checked by S3 and our code.

    Files up to `multipart_threshold` bytes go up in one `put_object`; larger ones as a multipart
    upload that is aborted on any failure. The hex SHA-256 is kept as metadata `sha256`.
    A size or SHA-256 mismatch raises `InvalidInput` before anything is stored; every boto3 failure
    raises `ObjectStoreUnavailable` (a missing object on `get` raises `NotFound`).
    The sync boto3 client runs in worker threads so the event loop never blocks.
    """

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        *,
        client: Any = None,
        multipart_threshold: int = DEFAULT_MULTIPART_THRESHOLD,
        part_size: int = DEFAULT_PART_SIZE,
        server_side_encryption: str | None = None,
        kms_key_id: str | None = None,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        if not bucket:
            raise ValueError("an S3 object store needs a bucket name")
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"part_size must be at least {MIN_PART_SIZE} bytes (an S3 limit)")
        if server_side_encryption is not None and server_side_encryption not in _ENCRYPTIONS:
            raise ValueError("server_side_encryption must be 'AES256' or 'aws:kms'")
        if kms_key_id is not None and server_side_encryption != "aws:kms":
            raise ValueError("kms_key_id needs server_side_encryption='aws:kms'")
        self._bucket = bucket
        self._prefix = prefix.strip("/")
        self._client = client if client is not None else _bounded_client(timeout_seconds)
        # A total budget for the small calls: each attempt's socket timeout, plus retry back-off.
        self._budget = ATTEMPTS * timeout_seconds + ATTEMPTS * 2
        self._multipart_threshold = multipart_threshold
        self._part_size = part_size
        self._encryption = _encryption_args(server_side_encryption, kms_key_id)

    @property
    def bucket(self) -> str:
        return self._bucket

    @property
    def prefix(self) -> str:
        return self._prefix

    @property
    def multipart_threshold(self) -> int:
        return self._multipart_threshold

    @property
    def encryption(self) -> dict[str, str]:
        """The server-side encryption arguments sent with every upload."""
        return dict(self._encryption)

    async def put(self, key: str, source: BinaryIO, *, size: int, sha256: str) -> None:
        s3_key = self._s3_key(key)
        verifier = StreamVerifier(size=size, sha256=sha256)
        object_args: dict[str, Any] = {
            "ContentType": "text/csv",
            "Metadata": {"sha256": sha256.lower()},
            **self._encryption,
        }
        if size > self._multipart_threshold:
            await asyncio.to_thread(
                upload_in_parts,
                self._client,
                bucket=self._bucket,
                key=s3_key,
                source=source,
                verifier=verifier,
                part_size=self._part_size,
                object_args=object_args,
            )
        else:
            await asyncio.to_thread(self._put_small, s3_key, source, size, sha256, verifier, object_args)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._get, self._s3_key(key))

    async def download(self, key: str, target: BinaryIO) -> None:
        # No total budget: like a put, a download's duration grows with the object's size.
        await asyncio.to_thread(self._download, self._s3_key(key), target)

    async def delete(self, key: str) -> None:
        s3_key = self._s3_key(key)
        with s3_errors("delete object"):
            await self._within_budget(
                "delete object", self._client.delete_object, Bucket=self._bucket, Key=s3_key
            )

    async def ping(self) -> None:
        with s3_errors("head bucket"):
            await self._within_budget("head bucket", self._client.head_bucket, Bucket=self._bucket)

    async def _within_budget(self, operation: str, call: Any, **arguments: Any) -> Any:
        # An upload's duration grows with its size, so only small calls get a total budget; every call's
        # socket reads are bounded by the client's read timeout anyway.
        try:
            return await asyncio.wait_for(asyncio.to_thread(call, **arguments), self._budget)
        except TimeoutError as error:
            raise ObjectStoreUnavailable(f"S3 {operation} failed: no answer in time") from error

    def s3_key(self, key: str) -> str:
        """The bucket key of an archive key (its prefix added, the key checked)."""
        return self._s3_key(key)

    @property
    def client(self) -> Any:
        return self._client

    def _s3_key(self, key: str) -> str:
        checked = checked_key(key)
        return f"{self._prefix}/{checked}" if self._prefix else checked

    def _put_small(
        self,
        s3_key: str,
        source: BinaryIO,
        size: int,
        sha256: str,
        verifier: StreamVerifier,
        object_args: dict[str, Any],
    ) -> None:
        # Verify first, then stream the same bytes again: nothing is sent unless they match.
        for chunk in iter_chunks(source):
            verifier.update(chunk)
        verifier.check()
        source.seek(0)
        with s3_errors("put object"):
            self._client.put_object(
                Bucket=self._bucket,
                Key=s3_key,
                Body=source,
                ContentLength=size,
                # The algorithm is named as well as the value: some S3-protocol servers (moto)
                # only record the checksum when the algorithm header is present.
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=hex_to_base64(sha256),
                **object_args,
            )

    def _download(self, s3_key: str, target: BinaryIO) -> None:
        with s3_errors("get object", missing_object_is_not_found=True):
            self._client.download_fileobj(self._bucket, s3_key, target)

    def _get(self, s3_key: str) -> bytes:
        with s3_errors("get object", missing_object_is_not_found=True):
            response = self._client.get_object(Bucket=self._bucket, Key=s3_key)
            body: bytes = response["Body"].read()
        return body


def _bounded_client(timeout_seconds: float) -> Any:
    return s3_client(connect_timeout=timeout_seconds, read_timeout=timeout_seconds, max_attempts=ATTEMPTS)


def _encryption_args(server_side_encryption: str | None, kms_key_id: str | None) -> dict[str, str]:
    args: dict[str, str] = {}
    if server_side_encryption is not None:
        args["ServerSideEncryption"] = server_side_encryption
    if kms_key_id is not None:
        args["SSEKMSKeyId"] = kms_key_id
    return args
