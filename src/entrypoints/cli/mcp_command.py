"""`ingesta mcp`: Ingesta's tools for AI assistants, as an MCP server over stdio that calls the HTTP API."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

EPILOG = f"""configuration (environment of the MCP client's entry; no secret of the service is needed):
  INGESTA_URL                the service, e.g. https://ingesta.example.com
  INGESTA_TOKEN_FILE         a file holding your access token (from POST /auth/login), or
  INGESTA_USERNAME and
  INGESTA_PASSWORD_FILE      your account and a file holding its password: the server logs in itself
  INGESTA_MCP_ROOTS          folders the assistant may read files from, separated by {os.pathsep!r}
  INGESTA_MCP_MAX_FILE_BYTES largest file it reads (default 1 GiB)

example:
  INGESTA_URL=http://127.0.0.1:8000 INGESTA_TOKEN_FILE=~/.ingesta-token INGESTA_MCP_ROOTS=~/exports \\
    ingesta mcp
"""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "mcp",
        help="serve Ingesta's tools to an AI assistant (Model Context Protocol over stdio)",
        description="Run a Model Context Protocol server over stdin/stdout with the tools validate_csv, "
        "upload_csv, get_upload, list_uploads and list_datasets, acting through the service's HTTP API "
        "as your user.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--token", help="an Ingesta access token (default: read from INGESTA_TOKEN_FILE)")
    parser.set_defaults(handler=mcp_command)


def mcp_command(arguments: argparse.Namespace) -> int:
    # stdout is the protocol channel: every log line must go to stderr.
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from entrypoints.mcp.api_session import ApiError
    from entrypoints.mcp.config import ConfigError, load_config
    from entrypoints.mcp.stdio import serve_stdio

    try:
        config = load_config(os.environ, token=arguments.token)
        asyncio.run(serve_stdio(config))
    except (ConfigError, ApiError) as error:
        return _fail(str(error))
    return 0


def _fail(message: str) -> int:
    print(f"ingesta mcp: {message}", file=sys.stderr)
    return 1
