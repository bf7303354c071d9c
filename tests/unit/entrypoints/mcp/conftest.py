"""The real Litestar app over in-memory fakes, reached by the MCP tools via its async test client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.support.fake_app import fakes_turn, no_preparation
from tests.support.upload_fakes import InMemoryUploadRepository

from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.mcp.api_session import ApiSession
from entrypoints.mcp.config import McpConfig
from entrypoints.mcp.file_policy import FilePolicy
from entrypoints.settings import load_settings

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

PASSWORD = "correct horse battery staple"
MAX_FILE_BYTES = 4096


class Service:
    """The app, its fakes, a shared folder, and a way to build an MCP server acting as some user."""

    def __init__(self, client: AsyncTestClient, container: Container, shared: Path) -> None:  # type: ignore[type-arg]
        self.client = client
        self.container = container
        self.shared = shared
        self.uploads: InMemoryUploadRepository = container.uploads()

    async def token(self, username: str | None) -> str:
        body = {"username": username, "password": PASSWORD} if username else None
        response = await self.client.post("/auth/login", json=body)
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def session(
        self,
        *,
        token: str | None = None,
        username: str | None = None,
        clock: Callable[[], float] | None = None,
    ) -> ApiSession:
        config = McpConfig(
            url="http://testserver.local",
            token=token,
            username=username,
            password=PASSWORD if username else None,
            roots=(self.shared,),
            max_file_bytes=MAX_FILE_BYTES,
        )
        return ApiSession(self.client, config, clock) if clock else ApiSession(self.client, config)

    async def server(self, session: ApiSession) -> MCPServer:
        # The `mcp` package (over a second to import) loads once a test needs a server, not at collection
        # in every xdist worker.
        from entrypoints.mcp.server import build_server
        from entrypoints.mcp.tools import IngestaTools

        await session.start()
        return build_server(IngestaTools(session, FilePolicy([self.shared], MAX_FILE_BYTES)))


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> tuple[Litestar, Container]:
    """The app, built once per session (per xdist worker): building it was most of each test's cost."""
    folder = tmp_path_factory.mktemp("mcp-app")
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{folder / 'objects'}",
            "INGESTA_LOGIN_RATE_LIMIT": "1000/minute",
        }
    )
    container = build_container(settings)
    return create_app(settings, container, prepare=no_preparation), container


@pytest.fixture
async def service(app: tuple[Litestar, Container], tmp_path: Path) -> AsyncIterator[Service]:
    """The module's app started for this test, over this test's own fakes, accounts and shared folder."""
    litestar_app, container = app
    shared = tmp_path / "shared"
    shared.mkdir()
    with fakes_turn(container):
        async with AsyncTestClient(litestar_app) as client:
            for name, role in (("ana", Role.UPLOADER), ("bea", Role.UPLOADER), ("root", Role.ADMIN)):
                await container.create_user()(username=name, password=PASSWORD, role=role)
            yield Service(client, container, shared)


def integers_with_one_bad_value(rows: int = 40) -> bytes:
    """A file whose `amount` column is clearly integer, with one value that is not a number."""
    lines = ["id,amount"] + [f"{n},{n * 10}" for n in range(1, rows + 1)] + [f"{rows + 1},not-a-number"]
    return ("\n".join(lines) + "\n").encode()
