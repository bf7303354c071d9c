"""Turns every boto3/botocore failure into an application error, never leaking credentials."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import BotoCoreError, ClientError

from application.errors import NotFound, ObjectStoreUnavailable

_MISSING_OBJECT_CODES = frozenset({"NoSuchKey", "404", "NotFound"})


def _describe(error: BotoCoreError | ClientError) -> str:
    # Built only from the error code and class name: botocore messages can quote request
    # details, and a detail string may reach an HTTP response.
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "Unknown")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
        return f"{code} (HTTP {status})"
    return type(error).__name__


@contextmanager
def s3_errors(operation: str, *, missing_object_is_not_found: bool = False) -> Iterator[None]:
    """Around one S3 call: `NotFound` for a missing object where asked, else `ObjectStoreUnavailable`."""
    try:
        yield
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if missing_object_is_not_found and code in _MISSING_OBJECT_CODES:
            raise NotFound("no object is stored under that key") from error
        raise ObjectStoreUnavailable(f"S3 {operation} failed: {_describe(error)}") from error
    except BotoCoreError as error:
        raise ObjectStoreUnavailable(f"S3 {operation} failed: {_describe(error)}") from error
