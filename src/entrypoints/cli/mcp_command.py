"""`ingesta mcp`: Ingesta's tools for AI assistants, as an MCP server over stdio that calls the HTTP API."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from entrypoints.cli.cli_language import language, say, tr


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "mcp",
        help=say("help.mcp"),
        description=say("help.mcp.description"),
        epilog=say("help.mcp.epilog", separator=repr(os.pathsep)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--token", help=say("help.mcp.token"))
    parser.set_defaults(handler=mcp_command)


def mcp_command(arguments: argparse.Namespace) -> int:
    # stdout is the protocol channel: every log line must go to stderr.
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from entrypoints.mcp.api_session import ApiError
    from entrypoints.mcp.config import ConfigError, load_config
    from entrypoints.mcp.stdio import serve_stdio

    try:
        config = load_config(os.environ, token=arguments.token)
        asyncio.run(serve_stdio(config, language()))
    except (ConfigError, ApiError) as error:
        return _fail(tr(str(error)))
    return 0


def _fail(message: str) -> int:
    print(f"ingesta mcp: {message}", file=sys.stderr)
    return 1
