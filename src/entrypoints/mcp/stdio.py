"""Run the MCP server over stdin/stdout as the configured user; stdout carries only the protocol."""

from __future__ import annotations

import logging

import httpx

from entrypoints.mcp.api_session import ApiSession
from entrypoints.mcp.config import McpConfig
from entrypoints.mcp.file_policy import FilePolicy
from entrypoints.mcp.server import build_server
from entrypoints.mcp.tools import IngestaTools

logger = logging.getLogger("ingesta.mcp")
# Uploads of large files take a while; connecting should not.
TIMEOUT = httpx.Timeout(600.0, connect=10.0)


async def serve_stdio(config: McpConfig, language: str = "en") -> None:
    """Check the credentials against the service (ApiError if refused), then serve until the client leaves;
    `language` is the tools' language when a call names none."""
    async with httpx.AsyncClient(base_url=config.url, timeout=TIMEOUT) as client:
        api = ApiSession(client, config)
        claims = await api.start()
        logger.info(
            "ingesta mcp: acting at %s as user %s (role %s)", config.url, claims["user_id"], claims["role"]
        )
        if not config.roots:
            logger.warning("ingesta mcp: no folder is shared (INGESTA_MCP_ROOTS), so file tools will refuse")
        tools = IngestaTools(api, FilePolicy(config.roots, config.max_file_bytes), language)
        await build_server(tools).run_stdio_async()
