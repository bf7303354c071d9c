"""What `ingesta load` reads: local files and s3:// objects, globs expanded, each as a seekable file."""

from __future__ import annotations

import asyncio
import glob
import os
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import BinaryIO, cast
from urllib.parse import unquote, urlsplit

from adapters.object_store.object_keys import checked_key
from adapters.object_store.s3_object_source import S3ObjectSource, literal_prefix
from application.errors import InvalidInput

# An object up to this size is validated from memory; a larger one spills to a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024


class UnreadableInput(Exception):
    """An argument names nothing that can be read; the message says which and why."""


@dataclass(frozen=True)
class S3Location:
    bucket: str
    key: str


@dataclass(frozen=True)
class LoadInput:
    """One file to load: a local path or an S3 object, and the archive key it already has, if any."""

    name: str
    path: str | None = None
    s3: S3Location | None = None
    archived_key: str | None = None

    @property
    def filename(self) -> str:
        return self.name.rsplit("/", 1)[-1]


def has_wildcard(text: str) -> bool:
    return literal_prefix(text) != text


async def resolve_inputs(arguments: Sequence[str], source: S3ObjectSource, store_url: str) -> list[LoadInput]:
    """Every argument expanded, in order; one that names nothing raises `UnreadableInput` before any load."""
    inputs: list[LoadInput] = []
    for argument in arguments:
        if argument.startswith("s3://"):
            inputs.extend(await _s3_inputs(argument, source, store_url))
        else:
            inputs.extend(_local_inputs(argument))
    return inputs


@asynccontextmanager
async def opened(item: LoadInput, source: S3ObjectSource) -> AsyncIterator[BinaryIO]:
    """The input as a seekable binary file; an S3 object is streamed into a spooled temporary file."""
    if item.s3 is None:
        local = await asyncio.to_thread(open, cast(str, item.path), "rb")
        with local:
            yield local
        return
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spooled:
        file = cast(BinaryIO, spooled)
        await source.download(item.s3.bucket, item.s3.key, file)
        yield file


def archive_key(store_url: str, location: S3Location) -> str | None:
    """The object's key in the archive when it already lies inside it (same bucket, under the prefix)."""
    parts = urlsplit(store_url)
    if parts.scheme != "s3" or parts.netloc != location.bucket:
        return None
    prefix = unquote(parts.path).strip("/")
    if prefix and not location.key.startswith(prefix + "/"):
        return None
    relative = location.key[len(prefix) + 1 :] if prefix else location.key
    try:
        return checked_key(relative)
    except InvalidInput:
        return None  # a key the archive could not address is copied into it like a local file


def _local_inputs(argument: str) -> list[LoadInput]:
    paths = sorted(glob.glob(argument)) if has_wildcard(argument) else [argument]
    if not paths:
        raise UnreadableInput(f"{argument}: matches no file")
    for path in paths:
        if not os.path.isfile(path):
            reason = "is a directory" if os.path.isdir(path) else "no such file"
            raise UnreadableInput(f"cannot read {path}: {reason}")
    return [LoadInput(name=path, path=path) for path in paths]


async def _s3_inputs(argument: str, source: S3ObjectSource, store_url: str) -> list[LoadInput]:
    bucket, _, pattern = argument.removeprefix("s3://").partition("/")
    if not bucket or not pattern:
        raise UnreadableInput(f"{argument}: name an object as s3://BUCKET/KEY (a glob such as *.csv is fine)")
    # A plain key is its own pattern: listing it proves it exists before anything is loaded.
    keys = [key for key in await source.matching_keys(bucket, pattern) if not key.endswith("/")]
    if not keys:
        raise UnreadableInput(f"{argument}: matches no object")
    locations = [S3Location(bucket, key) for key in keys]
    return [
        LoadInput(name=f"s3://{bucket}/{loc.key}", s3=loc, archived_key=archive_key(store_url, loc))
        for loc in locations
    ]
