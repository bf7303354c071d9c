"""`ingesta mcp` as a real subprocess, driven by the MCP SDK's stdio client over a SQLite deployment."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import msgspec
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.types import CallToolResult

from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytest.importorskip("domain.validation.engine", reason="the CSV validation engine has not landed yet")

pytestmark = pytest.mark.integration

INGESTA = Path(sys.executable).with_name("ingesta")
SECRET = "integration-secret-for-ingesta-mcp-0123456789"
PASSWORD = "correct horse battery staple"


class Deployment(msgspec.Struct):
    root: Path
    env: dict[str, str]
    uploader_token: str
    guest_token: str


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    """A SQLite deployment with the uploader `alice`, created through the real CLI."""
    if not INGESTA.exists():
        pytest.skip(f"the ingesta command is not installed next to {sys.executable}")
    env = {
        "INGESTA_ENV": "test",
        "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
        "INGESTA_OBJECT_STORE_URL": f"file://{tmp_path / 'objects'}",
        "INGESTA_JWT_SECRET": SECRET,
    }
    created = subprocess.run(
        [str(INGESTA), "users", "create", "alice", "--role", "uploader", "--password-stdin"],
        input=PASSWORD + "\n",
        env={**env, "PATH": str(INGESTA.parent)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    return env


@pytest.fixture
async def deployment(tmp_path: Path, environment: dict[str, str]) -> Deployment:
    # Tokens come from the LogIn use case in-process: same secret and database as the server.
    container = build_container(load_settings(environment))
    try:
        uploader = await container.log_in()(client="mcp-test", username="alice", password=PASSWORD)
        guest = await container.log_in()(client="mcp-test", username=None, password=None)
    finally:
        await container.engine().dispose()
    return Deployment(
        root=tmp_path, env=environment, uploader_token=uploader.access_token, guest_token=guest.access_token
    )


@asynccontextmanager
async def mcp_session(deployment: Deployment, token: str) -> AsyncIterator[Client]:
    params = StdioServerParameters(
        command=str(INGESTA), args=["mcp"], env={**deployment.env, "INGESTA_TOKEN": token}
    )
    # The server's stderr goes to a file: pytest's captured stderr has no descriptor to hand a subprocess.
    with (deployment.root / "mcp-stderr.log").open("w") as errlog:
        async with Client(stdio_client(params, errlog=errlog), read_timeout_seconds=60) as client:
            yield client


def structured(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, result.content
    return dict(result.structured_content or {})


def error_text(result: CallToolResult) -> str:
    assert result.is_error, result.structured_content
    return " ".join(getattr(block, "text", "") for block in result.content)


def amounts_with_a_type_error(path: Path) -> Path:
    lines = ["id,amount"] + [f"{n},{n * 10}" for n in range(1, 41)] + ["41,not-a-number"]
    path.write_text("\n".join(lines) + "\n")
    return path


async def test_an_uploader_validates_uploads_and_reads_back_over_stdio(deployment: Deployment) -> None:
    bad = amounts_with_a_type_error(deployment.root / "amounts.csv")
    clean = deployment.root / "sales.csv"
    clean.write_text("id,name,price\n1,Ana,10.50\n2,Luis,7.25\n")

    async with mcp_session(deployment, deployment.uploader_token) as client:
        names = {tool.name for tool in (await client.list_tools()).tools}
        report = structured(await client.call_tool("validate_csv", {"path": str(bad)}))
        upload = structured(await client.call_tool("upload_csv", {"path": str(clean), "dataset": "sales"}))
        fetched = structured(await client.call_tool("get_upload", {"upload_id": upload["id"]}))
        datasets = structured(await client.call_tool("list_datasets", {}))

    assert {"validate_csv", "upload_csv", "get_upload", "list_datasets"} <= names
    assert any(v["rule"] == "type-error" and v["status"] == "failed" for v in report["validations"])
    assert upload["status"] == "loaded" and upload["rows"]["loaded"] == 2
    assert fetched["id"] == upload["id"] and fetched["status"] == "loaded"
    sales = next(d for d in datasets["datasets"] if d["name"] == "sales")
    assert sales["row_count"] == 2
    assert "Traceback" not in (deployment.root / "mcp-stderr.log").read_text()


async def test_a_guest_token_may_not_upload(deployment: Deployment) -> None:
    clean = deployment.root / "sales.csv"
    clean.write_text("id,name\n1,Ana\n")

    async with mcp_session(deployment, deployment.guest_token) as client:
        result = await client.call_tool("upload_csv", {"path": str(clean), "dataset": "sales"})
        datasets = structured(await client.call_tool("list_datasets", {}))

    assert "'guest' may not upload" in error_text(result)
    assert datasets == {"datasets": []}


async def test_a_token_revoked_while_serving_gets_a_renew_hint_and_the_server_keeps_running(
    deployment: Deployment,
) -> None:
    container = build_container(load_settings(deployment.env))
    async with mcp_session(deployment, deployment.uploader_token) as client:
        before = await client.call_tool("list_datasets", {})
        try:
            claims = await container.authenticate_token()(deployment.uploader_token)
            await container.log_out()(claims)
        finally:
            await container.engine().dispose()
        after = await client.call_tool("list_datasets", {})
        again = await client.call_tool("list_datasets", {})

    assert not before.is_error
    assert "revoked" in error_text(after) and "Renew it" in error_text(after)
    assert again.is_error


def test_a_garbage_token_stops_the_server_with_a_message(environment: dict[str, str]) -> None:
    finished = subprocess.run(
        [str(INGESTA), "mcp", "--token", "not-a-real-token"],
        env={**environment, "PATH": str(INGESTA.parent)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode != 0
    assert "token is not accepted" in finished.stderr
    assert "Traceback" not in finished.stderr
    assert finished.stdout == ""
