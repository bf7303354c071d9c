from __future__ import annotations

from pathlib import Path

import pytest

from adapters.object_store.factory import object_store_from_url
from adapters.object_store.local_directory_object_store import LocalDirectoryObjectStore
from adapters.object_store.s3_object_store import S3ObjectStore

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def offline_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    # Building a boto3 client reads the environment but sends nothing.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", "us-east-1")


@pytest.mark.parametrize(
    ("url", "relative_root"),
    [
        ("file://./var/objects", "var/objects"),
        ("file://./var/objects/", "var/objects"),
        ("file://.", ""),
        ("file://../shared/objects", "../shared/objects"),
    ],
)
def test_relative_file_urls_are_under_the_working_directory(
    url: str, relative_root: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    store = object_store_from_url(url)

    assert isinstance(store, LocalDirectoryObjectStore)
    assert store.root.resolve() == (tmp_path / relative_root).resolve()


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("file:///srv/ingesta/objects", "/srv/ingesta/objects"),
        ("file://localhost/srv/objects", "/srv/objects"),
        ("file:///srv/with%20space", "/srv/with space"),
    ],
)
def test_absolute_file_urls_name_their_folder(url: str, root: str) -> None:
    store = object_store_from_url(url)

    assert isinstance(store, LocalDirectoryObjectStore)
    assert store.root == Path(root)


@pytest.mark.parametrize(
    ("url", "bucket", "prefix"),
    [
        ("s3://archive", "archive", ""),
        ("s3://archive/", "archive", ""),
        ("s3://archive/ingesta", "archive", "ingesta"),
        ("s3://archive/ingesta/raw/", "archive", "ingesta/raw"),
    ],
)
def test_s3_urls_name_bucket_and_prefix(url: str, bucket: str, prefix: str) -> None:
    store = object_store_from_url(url)

    assert isinstance(store, S3ObjectStore)
    assert (store.bucket, store.prefix) == (bucket, prefix)


def test_s3_url_passes_encryption_and_threshold() -> None:
    store = object_store_from_url(
        "s3://archive", sse="aws:kms", kms_key_id="alias/ingesta", multipart_threshold=5 * 1024 * 1024
    )

    assert isinstance(store, S3ObjectStore)
    assert store.multipart_threshold == 5 * 1024 * 1024
    assert store.encryption == {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "alias/ingesta"}


@pytest.mark.parametrize(
    "url",
    [
        "",
        "./var/objects",
        "/var/objects",
        "http://example.com/objects",
        "gs://bucket/prefix",
        "s3://",
        "s3:///prefix",
        "file://var/objects",
        "file:relative",
        "file:///srv/objects?x=1",
    ],
)
def test_other_urls_are_refused_naming_the_accepted_forms(url: str) -> None:
    with pytest.raises(ValueError, match=r"file://\./relative/dir.*s3://bucket"):
        object_store_from_url(url)


def test_kms_key_without_kms_encryption_is_refused() -> None:
    with pytest.raises(ValueError, match="aws:kms"):
        object_store_from_url("s3://archive", sse="AES256", kms_key_id="alias/ingesta")
