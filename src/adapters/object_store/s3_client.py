"""A boto3 S3 client configured from the standard AWS settings, with bounded retries and timeouts."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config


def s3_client(
    *,
    endpoint_url: str | None = None,
    connect_timeout: float = 5,
    read_timeout: float = 60,
    max_attempts: int = 5,
) -> Any:
    """Region, credentials and `AWS_ENDPOINT_URL` come from the environment, as boto3 reads them."""
    config = Config(
        retries={"mode": "standard", "max_attempts": max_attempts},
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
    )
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url, config=config)
