"""`ingesta mcp [--token TOKEN]`: Ingesta's tools for AI assistants, as an MCP server over stdio."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from entrypoints.settings import load_settings

EPILOG = """examples:
  INGESTA_TOKEN=eyJ... ingesta mcp        # what an MCP client (Claude Desktop, Cursor) launches
  ingesta mcp --token "$(cat token.txt)"

The token must come from the same Ingesta deployment: same INGESTA_JWT_SECRET and INGESTA_DATABASE_URL.
"""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "mcp",
        help="serve Ingesta's tools to an AI assistant (Model Context Protocol over stdio)",
        description="Run a Model Context Protocol server over stdin/stdout with the tools validate_csv, "
        "upload_csv, get_upload, list_uploads and list_datasets, acting as the token's user.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--token", help="an Ingesta access token (default: INGESTA_TOKEN)")
    parser.set_defaults(handler=mcp_command)


def mcp_command(arguments: argparse.Namespace) -> int:
    # stdout is the protocol channel: every log line must go to stderr.
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    token = (arguments.token or os.environ.get("INGESTA_TOKEN") or "").strip()
    if not token:
        return _fail("no token: pass --token TOKEN or set INGESTA_TOKEN to an Ingesta access token")
    settings = load_settings()
    if settings.jwt_secret_generated:
        return _fail(
            "INGESTA_JWT_SECRET is not set, so no token can be verified; set it to the secret of the "
            "Ingesta service that issued the token"
        )
    from entrypoints.container import build_container
    from entrypoints.mcp.stdio import serve_stdio
    from entrypoints.mcp.token_gate import TokenRejected

    try:
        asyncio.run(serve_stdio(build_container(settings), token))
    except TokenRejected as error:
        return _fail(str(error))
    return 0


def _fail(message: str) -> int:
    print(f"ingesta mcp: {message}", file=sys.stderr)
    return 1
