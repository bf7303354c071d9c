"""Each job test gets its own PostgreSQL database, S3 bucket and RabbitMQ queue, and its processes stopped."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import POSTGRES_ADMIN_URL, _in_ci, _postgres_admin
from tests.integration.jobs.job_stack import Stack, require_rabbitmq


@pytest.fixture
def job_database() -> Iterator[str]:
    name = f"ingesta_jobs_{secrets.token_hex(6)}"
    try:
        asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        reason = f"PostgreSQL at {POSTGRES_ADMIN_URL} is not reachable: {error}"
        if _in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    yield f"{base}/{name}"
    asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def stack(tmp_path: Path, job_database: str, s3_endpoint: str) -> Iterator[Stack]:
    import boto3

    require_rabbitmq()
    bucket = f"jobs-{secrets.token_hex(5)}"
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    ).create_bucket(Bucket=bucket)
    stack = Stack(tmp_path, job_database, bucket, s3_endpoint)
    stack.prepare()
    try:
        yield stack
    finally:
        stack.stop()
