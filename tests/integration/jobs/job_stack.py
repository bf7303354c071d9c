"""API and worker processes on PostgreSQL + RabbitMQ + an S3 server, each test with its own database,
bucket and queue."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.support.ingesta_process import IngestaProcess, Server, clean_environment, run_ingesta

RABBITMQ_URL = os.environ.get("INGESTA_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
PASSWORD = "correct horse battery staple"
FINAL = {"loaded", "rejected", "failed"}


def require_rabbitmq() -> None:
    """Skip with the reason where no broker runs; in CI (`.ci/run` starts one) fail instead."""
    host_port = RABBITMQ_URL.rsplit("@", 1)[-1].split("/", 1)[0]
    host, port = host_port.split(":") if ":" in host_port else (host_port, "5672")
    try:
        socket.create_connection((host, int(port)), timeout=3).close()
    except OSError as error:
        reason = f"RabbitMQ at {host}:{port} is not reachable: {error}"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{reason} (CI requires RabbitMQ: .ci/run starts it)")
        pytest.skip(reason)


class Worker(IngestaProcess):
    """`ingesta worker` in its own process group; `output` collects what it prints."""

    stop_grace_seconds = 20.0

    def __init__(self, environment: dict[str, str], cwd: Path, concurrency: int = 1) -> None:
        super().__init__("worker", "--concurrency", str(concurrency), environment=environment, cwd=cwd)

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any("taking upload jobs" in line for line in self.output):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"ingesta worker did not start:\n{''.join(self.output)}")


class Stack:
    def __init__(self, tmp_path: Path, database_url: str, bucket: str, s3_endpoint: str) -> None:
        self.tmp_path = tmp_path
        self.database_url = database_url
        self.environment = clean_environment(
            tmp_path,
            INGESTA_DATABASE_URL=database_url,
            INGESTA_OBJECT_STORE_URL=f"s3://{bucket}/raw",
            INGESTA_JOB_QUEUE_URL=RABBITMQ_URL,
            INGESTA_JOB_QUEUE_NAME=f"ingesta.test.{secrets.token_hex(4)}",
            INGESTA_EMBEDDED_WORKER="false",
            INGESTA_JOB_LEASE_SECONDS="3",
            INGESTA_JOB_REAP_INTERVAL_SECONDS="1",
            INGESTA_AI_ENRICHMENT="false",
            INGESTA_CREATE_DEMO_USER="false",
            INGESTA_JWT_SECRET=secrets.token_urlsafe(48),
            INGESTA_LOGIN_RATE_LIMIT="1000/minute",
            INGESTA_ACCOUNT_LOGIN_RATE_LIMIT="1000/minute",
            INGESTA_MAX_CONCURRENT_UPLOADS_PER_USER="100",
            AWS_ENDPOINT_URL=s3_endpoint,
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_DEFAULT_REGION="us-east-1",
        )
        self.servers: list[Server] = []
        self.workers: list[Worker] = []

    def prepare(self) -> None:
        for arguments, stdin in (
            (("db", "upgrade"), ""),
            (("users", "create", "ana", "--role", "uploader", "--password-stdin"), PASSWORD),
        ):
            done = run_ingesta(*arguments, environment=self.environment, cwd=self.tmp_path, stdin=stdin)
            assert done.returncode == 0, done.stdout + done.stderr

    def server(self) -> Server:
        server = Server(environment=self.environment, cwd=self.tmp_path)
        self.servers.append(server)
        server.wait_until_healthy()
        return server

    def worker(self, concurrency: int = 1) -> Worker:
        worker = Worker(self.environment, self.tmp_path, concurrency)
        self.workers.append(worker)
        worker.wait_until_ready()
        return worker

    def token(self, server: Server) -> str:
        response = httpx.post(
            f"{server.url}/auth/login", json={"username": "ana", "password": PASSWORD}, timeout=30
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def stop(self) -> None:
        for process in [*self.workers, *self.servers]:
            process.stop()
        delete_queues(self.environment["INGESTA_JOB_QUEUE_NAME"])

    def query(self, sql: str) -> list[Any]:
        import asyncpg

        async def run() -> list[Any]:
            url = self.database_url.replace("postgresql+asyncpg://", "postgresql://", 1)
            connection = await asyncpg.connect(url, timeout=5)
            try:
                return list(await connection.fetch(sql))
            finally:
                await connection.close()

        return asyncio.run(run())


def upload_async(server: Server, token: str, content: bytes, dataset: str, **fields: str) -> httpx.Response:
    return httpx.post(
        f"{server.url}/uploads",
        headers={"Authorization": f"Bearer {token}", "Prefer": "respond-async"},
        files={"file": (f"{dataset}.csv", content, "text/csv")},
        data={"dataset": dataset, **fields},
        timeout=120,
    )


def wait_final(server: Server, token: str, upload_id: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        body = httpx.get(
            f"{server.url}/uploads/{upload_id}", headers={"Authorization": f"Bearer {token}"}, timeout=30
        ).json()
        if body["status"] in FINAL:
            return body
        time.sleep(0.2)
    raise AssertionError(f"upload {upload_id} never became final: {body}")


def delete_queues(name: str) -> None:
    """A test's durable queues would outlive it on the broker: remove the queue, its delay and dead ones."""
    import aio_pika

    async def run() -> None:
        connection = await aio_pika.connect(RABBITMQ_URL, timeout=5)
        async with connection:
            channel = await connection.channel()
            for queue in (name, f"{name}.delay", f"{name}.dead"):
                await channel.queue_delete(queue)

    asyncio.run(run())
