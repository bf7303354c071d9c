"""Real `ingesta` processes, without the service: what they import and what they say when they cannot go on.

Moved from the unit tier: each starts an interpreter and imports a stack (SQLAlchemy and asyncpg, or the
MCP SDK), seconds of CPU on a shared machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).parents[3]


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.startswith("ingesta: warning: --token")]
    assert len(lines) == 1, text
    return lines[0]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_db_upgrade_on_an_unreachable_database_is_one_line_with_the_fix() -> None:
    environment = {
        "PATH": os.environ["PATH"],
        "INGESTA_DATABASE_URL": f"postgresql+asyncpg://postgres:secret@127.0.0.1:{closed_port()}/sales",
    }
    result = subprocess.run(
        [sys.executable, "-m", "entrypoints.cli.main", "db", "upgrade"],
        capture_output=True, text=True, env={**environment, "PYTHONPATH": str(ROOT / "src")}, timeout=60,
    )  # fmt: skip

    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "is not reachable" in line and "INGESTA_DATABASE_URL" in line
    assert "secret" not in line and "Traceback" not in result.stderr


def test_the_mcp_code_path_imports_no_signing_key_container_or_database() -> None:
    probe = (
        "import sys, entrypoints.cli.mcp_command, entrypoints.mcp.stdio;"
        "names = ('jwt', 'sqlalchemy', 'entrypoints.container', 'adapters', 'boto3');"
        "bad = [name for name in names if name in sys.modules];"
        "print(bad)"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
