from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from adapters.object_store.s3_object_store import S3ObjectStore
from application.errors import InvalidInput, NotFound, ObjectStoreUnavailable

pytestmark = pytest.mark.unit


class FakeS3Client:
    """Records the calls a store makes; `failure` is raised by every call when set."""

    def __init__(self, failure: Exception | None = None) -> None:
        self.failure = failure
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _record(self, name: str, kwargs: dict[str, Any]) -> None:
        if "Body" in kwargs and hasattr(kwargs["Body"], "read"):
            kwargs = {**kwargs, "Body": kwargs["Body"].read()}
        self.calls.append((name, kwargs))
        if self.failure is not None:
            raise self.failure

    def put_object(self, **kwargs: Any) -> dict[str, Any]:
        self._record("put_object", kwargs)
        return {}

    def get_object(self, **kwargs: Any) -> dict[str, Any]:
        self._record("get_object", kwargs)
        return {"Body": io.BytesIO(b"stored")}

    def delete_object(self, **kwargs: Any) -> dict[str, Any]:
        self._record("delete_object", kwargs)
        return {}

    def head_bucket(self, **kwargs: Any) -> dict[str, Any]:
        self._record("head_bucket", kwargs)
        return {}


def client_error(code: str, status: int) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": "x"}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Op"
    )


@pytest.mark.parametrize(
    ("prefix", "expected"), [("", "a/b.csv"), ("raw", "raw/a/b.csv"), ("/raw/", "raw/a/b.csv")]
)
async def test_keys_are_prefixed_without_double_slashes(prefix: str, expected: str) -> None:
    client = FakeS3Client()
    store = S3ObjectStore("archive", prefix, client=client)

    await store.put("a/b.csv", io.BytesIO(b"x"), size=1, sha256=hashlib.sha256(b"x").hexdigest())

    name, call = client.calls[0]
    assert (name, call["Bucket"], call["Key"], call["Body"]) == ("put_object", "archive", expected, b"x")
    assert call["ContentType"] == "text/csv"


async def test_small_put_with_wrong_sha256_sends_nothing() -> None:
    client = FakeS3Client()
    store = S3ObjectStore("archive", client=client)

    with pytest.raises(InvalidInput):
        await store.put("a.csv", io.BytesIO(b"x"), size=1, sha256=hashlib.sha256(b"y").hexdigest())

    assert client.calls == []


async def test_missing_object_is_not_found() -> None:
    store = S3ObjectStore("archive", client=FakeS3Client(client_error("NoSuchKey", 404)))

    with pytest.raises(NotFound):
        await store.get("a.csv")


@pytest.mark.parametrize(
    "failure",
    [
        client_error("AccessDenied", 403),
        client_error("NoSuchBucket", 404),
        EndpointConnectionError(endpoint_url="http://127.0.0.1:1"),
        NoCredentialsError(),
    ],
)
async def test_every_boto_failure_is_object_store_unavailable(failure: Exception) -> None:
    store = S3ObjectStore("archive", client=FakeS3Client(failure))

    for call in (store.ping(), store.delete("a.csv")):
        with pytest.raises(ObjectStoreUnavailable, match="S3"):
            await call


@pytest.mark.parametrize(
    "options",
    [
        {"server_side_encryption": "DES"},
        {"server_side_encryption": "AES256", "kms_key_id": "alias/k"},
        {"kms_key_id": "alias/k"},
        {"part_size": 1024},
    ],
)
def test_refuses_inconsistent_options(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        S3ObjectStore("archive", client=FakeS3Client(), **options)
