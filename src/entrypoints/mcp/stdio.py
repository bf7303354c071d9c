"""Run the MCP server over stdin/stdout for one verified token; stdout carries only the protocol."""

from __future__ import annotations

import logging

from entrypoints.container import Container
from entrypoints.mcp.server import build_server
from entrypoints.mcp.token_gate import TokenGate
from entrypoints.startup import prepare_database

logger = logging.getLogger("ingesta.mcp")


async def serve_stdio(container: Container, token: str) -> None:
    """Verify `token` (TokenRejected if it is not accepted), then serve until the client hangs up."""
    try:
        await prepare_database(container)
        claims = await TokenGate(token, container.authenticate_token()).claims()
        logger.info("ingesta mcp: serving over stdio as user %s (role %s)", claims.user_id, claims.role)
        await build_server(container, token).run_stdio_async()
    finally:
        await container.engine().dispose()
