"""Which local paths the MCP tools accept, and how they explain the ones they refuse."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from application.errors import InvalidInput, NotFound
from entrypoints.mcp.local_file import local_file

pytestmark = pytest.mark.unit


def test_an_existing_file_is_returned_resolved(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a\n1\n")

    assert local_file(f"  {tmp_path}/./data.csv ") == path.resolve()


def test_an_empty_path_asks_for_one() -> None:
    with pytest.raises(InvalidInput, match="no path was given"):
        local_file("   ")


def test_a_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no file at"):
        local_file(str(tmp_path / "missing.csv"))


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="is a directory"):
        local_file(str(tmp_path))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    with pytest.raises(InvalidInput, match="not a regular file"):
        local_file(str(pipe))
