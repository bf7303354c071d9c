from __future__ import annotations

import base64
import hashlib
import io
import os
import secrets
import socket
import time
from collections.abc import Iterator
from typing import Any, BinaryIO, cast

import boto3
import pytest

from adapters.object_store.s3_client import s3_client
from adapters.object_store.s3_object_store import S3ObjectStore
from application.errors import InvalidInput, NotFound, ObjectStoreUnavailable

pytestmark = pytest.mark.integration

MIB = 1024 * 1024


class SourceFailingAfter(io.RawIOBase):
    """A readable stream that hands out `limit` bytes of `data`, then fails like a broken disk."""

    def __init__(self, data: bytes, limit: int) -> None:
        self._data = io.BytesIO(data)
        self._limit = limit

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        left = self._limit - self._data.tell()
        if left <= 0:
            raise ConnectionResetError("the source went away")
        return self._data.read(left if size < 0 else min(size, left))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def bucket_keys(client: Any, bucket: str) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


@pytest.fixture
def client(s3_endpoint: str, aws_credentials: None) -> Any:
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")


@pytest.fixture
def bucket(client: Any) -> Iterator[str]:
    name = f"ingesta-{secrets.token_hex(4)}"
    client.create_bucket(Bucket=name)
    yield name


@pytest.fixture
def store(client: Any, bucket: str) -> S3ObjectStore:
    return S3ObjectStore(bucket, "raw", client=client, multipart_threshold=5 * MIB, part_size=5 * MIB)


async def test_small_put_reads_back_with_checksum_and_metadata(
    store: S3ObjectStore, client: Any, bucket: str
) -> None:
    data = b"id,name\n1,Ada\n2,Grace\n"

    await store.put("sales/1.csv", io.BytesIO(data), size=len(data), sha256=sha(data))

    assert sha(await store.get("sales/1.csv")) == sha(data)
    head = client.head_object(Bucket=bucket, Key="raw/sales/1.csv", ChecksumMode="ENABLED")
    assert head["Metadata"]["sha256"] == sha(data)
    assert head["ChecksumSHA256"] == store_checksum(data)
    assert head["ContentType"] == "text/csv"


def store_checksum(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


async def test_large_put_goes_up_in_parts_and_reads_back_identical(
    store: S3ObjectStore, client: Any, bucket: str
) -> None:
    data = os.urandom(12 * MIB + 12345)

    await store.put("big.csv", io.BytesIO(data), size=len(data), sha256=sha(data))

    assert sha(await store.get("big.csv")) == sha(data)
    head = client.head_object(Bucket=bucket, Key="raw/big.csv", ChecksumMode="ENABLED")
    assert head["Metadata"]["sha256"] == sha(data)
    assert head["ContentLength"] == len(data)
    assert head["ETag"].strip('"').endswith("-3")  # three parts: 5 MiB, 5 MiB, the rest


async def test_server_side_encryption_is_requested(client: Any, bucket: str) -> None:
    store = S3ObjectStore(bucket, "", client=client, server_side_encryption="AES256")

    await store.put("enc.csv", io.BytesIO(b"a\n1\n"), size=4, sha256=sha(b"a\n1\n"))

    assert client.head_object(Bucket=bucket, Key="enc.csv")["ServerSideEncryption"] == "AES256"


async def test_multipart_with_encryption_is_requested(client: Any, bucket: str) -> None:
    store = S3ObjectStore(
        bucket,
        "",
        client=client,
        multipart_threshold=5 * MIB,
        part_size=5 * MIB,
        server_side_encryption="AES256",
    )
    data = os.urandom(6 * MIB)

    await store.put("enc-big.csv", io.BytesIO(data), size=len(data), sha256=sha(data))

    assert client.head_object(Bucket=bucket, Key="enc-big.csv")["ServerSideEncryption"] == "AES256"


async def test_source_failing_midway_leaves_no_object_and_no_open_upload(
    store: S3ObjectStore, client: Any, bucket: str
) -> None:
    data = os.urandom(12 * MIB)

    with pytest.raises(ConnectionResetError):
        await store.put(
            "broken.csv", cast(BinaryIO, SourceFailingAfter(data, 7 * MIB)), size=len(data), sha256=sha(data)
        )

    assert bucket_keys(client, bucket) == []
    assert client.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


async def test_multipart_sha256_mismatch_leaves_no_object_and_no_open_upload(
    store: S3ObjectStore, client: Any, bucket: str
) -> None:
    data = os.urandom(11 * MIB)

    with pytest.raises(InvalidInput, match="SHA-256"):
        await store.put("wrong.csv", io.BytesIO(data), size=len(data), sha256=sha(b"other"))

    assert bucket_keys(client, bucket) == []
    assert client.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


async def test_get_of_missing_key_is_not_found_and_delete_is_idempotent(store: S3ObjectStore) -> None:
    await store.put("gone.csv", io.BytesIO(b"x"), size=1, sha256=sha(b"x"))

    await store.delete("gone.csv")
    await store.delete("gone.csv")

    with pytest.raises(NotFound):
        await store.get("gone.csv")


async def test_ping_answers_for_an_existing_bucket(store: S3ObjectStore) -> None:
    await store.ping()


async def test_missing_bucket_makes_ping_and_put_unavailable(client: Any) -> None:
    store = S3ObjectStore("no-such-bucket-here", "", client=client)

    with pytest.raises(ObjectStoreUnavailable):
        await store.ping()
    with pytest.raises(ObjectStoreUnavailable):
        await store.put("a.csv", io.BytesIO(b"x"), size=1, sha256=sha(b"x"))


async def test_default_client_reads_endpoint_and_credentials_from_the_environment(
    s3_endpoint: str, aws_credentials: None, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    store = S3ObjectStore(bucket, "env")

    await store.put("a.csv", io.BytesIO(b"x"), size=1, sha256=sha(b"x"))

    assert await store.get("a.csv") == b"x"


async def test_unreachable_endpoint_is_unavailable_quickly_without_secrets(
    aws_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:

    secret = "sEcReT-" + secrets.token_hex(8)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    closed_port = _closed_port()
    client = s3_client(
        endpoint_url=f"http://127.0.0.1:{closed_port}", connect_timeout=1, read_timeout=1, max_attempts=1
    )
    store = S3ObjectStore("archive", "", client=client)

    started = time.monotonic()
    for call in (
        store.ping(),
        store.put("a.csv", io.BytesIO(b"x"), size=1, sha256=sha(b"x")),
        store.get("a.csv"),
    ):
        with pytest.raises(ObjectStoreUnavailable) as raised:
            await call
        assert secret not in raised.value.detail
        assert "testing" not in raised.value.detail
    assert time.monotonic() - started < 5


def _closed_port() -> int:
    # Bound, then closed on return: nothing listens there, so connecting is refused at once.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_download_writes_the_object_and_a_missing_key_is_not_found(store: S3ObjectStore) -> None:
    data = os.urandom(3 * MIB)
    await store.put("big.csv", io.BytesIO(data), size=len(data), sha256=sha(data))
    target = io.BytesIO()

    await store.download("big.csv", target)

    assert target.getvalue() == data
    with pytest.raises(NotFound):
        await store.download("missing.csv", io.BytesIO())
