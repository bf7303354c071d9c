"""`ingesta mcp` as a real subprocess, driven by the MCP SDK's stdio client, against a real `ingesta serve`.

The MCP process gets only the service's URL, the user's name, a password file and a shared folder: no
signing key, no database, no object store.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import msgspec
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.types import CallToolResult
from tests.support.ingesta_process import Server, clean_environment, ingesta_command, run_ingesta

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery staple"


class Deployment(msgspec.Struct):
    root: Path
    shared: Path
    url: str


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    """`ingesta serve` over SQLite with the uploader `alice`, created through the real CLI."""
    environment = clean_environment(tmp_path, INGESTA_ENV="test", INGESTA_CREATE_DEMO_USER="false")
    created = run_ingesta(
        "users", "create", "alice", "--role", "uploader", "--password-stdin",
        environment=environment, cwd=tmp_path, stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    server = Server(environment=environment, cwd=tmp_path)
    try:
        server.wait_until_healthy()
        shared = tmp_path / "shared"
        shared.mkdir()
        yield Deployment(root=tmp_path, shared=shared, url=server.url)
    finally:
        server.stop()


def desktop_environment(deployment: Deployment, **extra: str) -> dict[str, str]:
    """What an MCP client's config holds: nothing of the service's own settings."""
    password_file = deployment.root / "password"
    password_file.write_text(PASSWORD + "\n")
    environment = {name: value for name, value in os.environ.items() if not name.startswith("INGESTA_")}
    return environment | {
        "INGESTA_URL": deployment.url,
        "INGESTA_USERNAME": "alice",
        "INGESTA_PASSWORD_FILE": str(password_file),
        "INGESTA_MCP_ROOTS": str(deployment.shared),
        **extra,
    }


@asynccontextmanager
async def mcp_session(deployment: Deployment) -> AsyncIterator[Client]:
    command, *arguments = ingesta_command()
    params = StdioServerParameters(
        command=command, args=[*arguments, "mcp"], env=desktop_environment(deployment)
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


async def test_an_uploader_validates_uploads_and_reads_back_over_stdio(deployment: Deployment) -> None:
    bad = deployment.shared / "amounts.csv"
    bad.write_text("id,amount\n" + "".join(f"{n},{n * 10}\n" for n in range(1, 41)) + "41,not-a-number\n")
    clean = deployment.shared / "sales.csv"
    clean.write_text("id,name,price\n1,Ana,10.50\n2,Luis,7.25\n")

    async with mcp_session(deployment) as client:
        names = {tool.name for tool in (await client.list_tools()).tools}
        report = structured(await client.call_tool("validate_csv", {"path": str(bad)}))
        upload = structured(await client.call_tool("upload_csv", {"path": str(clean), "dataset": "sales"}))
        fetched = structured(await client.call_tool("get_upload", {"upload_id": upload["id"]}))
        datasets = structured(await client.call_tool("list_datasets", {}))
        secret = await client.call_tool("validate_csv", {"path": "/proc/self/environ"})
        outside = await client.call_tool("upload_csv", {"path": "/etc/passwd", "dataset": "leak"})

    assert names == {"validate_csv", "upload_csv", "get_upload", "list_uploads", "list_datasets"}
    assert any(v["rule"] == "type-error" and v["status"] == "failed" for v in report["validations"])
    assert upload["status"] == "loaded" and upload["rows"]["loaded"] == 2
    assert fetched["id"] == upload["id"] and fetched["status"] == "loaded"
    assert [(d["name"], d["row_count"]) for d in datasets["datasets"]] == [("sales", 2)]
    assert "system file" in error_text(secret)
    assert "outside the shared folders" in error_text(outside)
    assert "Traceback" not in (deployment.root / "mcp-stderr.log").read_text()


def test_a_garbage_token_stops_the_server_with_a_message(deployment: Deployment) -> None:
    environment = desktop_environment(deployment)
    del environment["INGESTA_USERNAME"], environment["INGESTA_PASSWORD_FILE"]

    finished = run_ingesta("mcp", "--token", "not-a-real-token", environment=environment, cwd=deployment.root)

    assert finished.returncode != 0
    assert "token is not accepted" in finished.stderr
    assert "Traceback" not in finished.stderr and finished.stdout == ""
