"""Objects already in S3, read as inputs: the keys a glob matches, and one object streamed into a file."""

from __future__ import annotations

import asyncio
import fnmatch
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

from botocore.exceptions import ClientError

from adapters.object_store.checksums import iter_chunks
from adapters.object_store.s3_client import s3_client
from adapters.object_store.s3_errors import s3_errors
from application.errors import NotFound

_WILDCARD = re.compile(r"[*?\[]")


def literal_prefix(pattern: str) -> str:
    """The part of a glob before its first wildcard: S3 can filter by it, so fewer keys are listed."""
    match = _WILDCARD.search(pattern)
    return pattern if match is None else pattern[: match.start()]


class S3ObjectSource:
    """Reads any bucket the AWS credentials reach; failures become `NotFound` (no such bucket or key)
    or `ObjectStoreUnavailable` (everything else), like the S3 object store."""

    def __init__(self, client: Any = None) -> None:
        self._given_client = client

    @functools.cached_property
    def _client(self) -> Any:
        # Built on first use: a run with only local files never configures boto3.
        return self._given_client if self._given_client is not None else s3_client()

    async def matching_keys(self, bucket: str, pattern: str) -> list[str]:
        """Every key matching `pattern` with fnmatch rules (`*` crosses `/`), sorted."""
        return await asyncio.to_thread(self._matching_keys, bucket, pattern)

    async def download(self, bucket: str, key: str, into: BinaryIO) -> None:
        """Stream the object into `into` a chunk at a time, never whole in memory."""
        await asyncio.to_thread(self._download, bucket, key, into)

    def _matching_keys(self, bucket: str, pattern: str) -> list[str]:
        keys: list[str] = []
        with s3_errors("list objects"), _missing_bucket(bucket):
            pages = self._client.get_paginator("list_objects_v2").paginate(
                Bucket=bucket, Prefix=literal_prefix(pattern)
            )
            for page in pages:
                keys.extend(
                    item["Key"]
                    for item in page.get("Contents", [])
                    if fnmatch.fnmatchcase(item["Key"], pattern)
                )
        return sorted(keys)

    def _download(self, bucket: str, key: str, into: BinaryIO) -> None:
        with s3_errors("get object", missing_object_is_not_found=True), _missing_bucket(bucket):
            body = self._client.get_object(Bucket=bucket, Key=key)["Body"]
            for chunk in iter_chunks(body):
                into.write(chunk)
        into.seek(0)


@contextmanager
def _missing_bucket(bucket: str) -> Iterator[None]:
    # A bucket that does not exist is a wrong input, not an outage.
    try:
        yield
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "NoSuchBucket":
            raise NotFound(f"there is no bucket named {bucket!r}") from error
        raise
