"""The MCP server reads only regular files inside the folders the user shared, and only text."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from entrypoints.mcp.file_policy import FilePolicy, FileRefused

pytestmark = pytest.mark.unit

CSV = b"id,name\n1,Ana\n"


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "sales.csv").write_bytes(CSV)
    return folder


@pytest.fixture
def policy(shared: Path) -> FilePolicy:
    return FilePolicy([shared], max_bytes=1024)


def refusal(policy: FilePolicy, path: str | Path) -> str:
    with pytest.raises(FileRefused) as refused:
        policy.open(str(path))
    return str(refused.value)


def test_a_csv_inside_a_shared_folder_is_opened_at_its_start(policy: FilePolicy, shared: Path) -> None:
    with policy.open(str(shared / "sales.csv")) as source:
        assert source.read() == CSV


def test_a_relative_path_is_taken_inside_the_first_shared_folder(policy: FilePolicy) -> None:
    with policy.open("sales.csv") as source:
        assert source.read() == CSV


def test_without_shared_folders_nothing_is_read_and_the_message_says_how_to_share(shared: Path) -> None:
    message = refusal(FilePolicy([], max_bytes=1024), shared / "sales.csv")
    assert "INGESTA_MCP_ROOTS" in message


def test_a_file_outside_the_shared_folders_is_refused(policy: FilePolicy, tmp_path: Path) -> None:
    outside = tmp_path / "secret.csv"
    outside.write_bytes(CSV)
    assert "outside the shared folders" in refusal(policy, outside)


def test_dot_dot_cannot_climb_out_of_a_shared_folder(
    policy: FilePolicy, shared: Path, tmp_path: Path
) -> None:
    (tmp_path / "secret.csv").write_bytes(CSV)
    assert "outside the shared folders" in refusal(policy, f"{shared}/../secret.csv")


def test_a_symlink_pointing_out_of_a_shared_folder_is_refused(
    policy: FilePolicy, shared: Path, tmp_path: Path
) -> None:
    (tmp_path / "secret.csv").write_bytes(CSV)
    (shared / "innocent.csv").symlink_to(tmp_path / "secret.csv")
    assert "outside the shared folders" in refusal(policy, shared / "innocent.csv")


def test_a_symlink_to_the_process_environment_is_refused(policy: FilePolicy, shared: Path) -> None:
    (shared / "env.csv").symlink_to("/proc/self/environ")
    assert "system file" in refusal(policy, shared / "env.csv")


def test_proc_self_environ_is_refused_even_when_the_whole_disk_is_shared() -> None:
    assert "system file" in refusal(FilePolicy([Path("/")], max_bytes=1024), "/proc/self/environ")


def test_a_fifo_is_refused_without_blocking(policy: FilePolicy, shared: Path) -> None:
    os.mkfifo(shared / "pipe.csv")
    assert "not a regular file" in refusal(policy, shared / "pipe.csv")


def test_a_socket_is_refused(policy: FilePolicy, shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(shared)  # a relative address: socket paths are limited to about a hundred bytes
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("s.csv")
        message = refusal(policy, shared / "s.csv")
    # Linux will not open a socket as a file at all (ENXIO); either way nothing is read.
    assert "not a regular file" in message or "cannot open" in message


def test_a_directory_is_refused(policy: FilePolicy, shared: Path) -> None:
    (shared / "folder.csv").mkdir()
    assert "directory" in refusal(policy, shared / "folder.csv")


def test_a_missing_file_is_named(policy: FilePolicy, shared: Path) -> None:
    assert "no file at" in refusal(policy, shared / "missing.csv")


def test_content_with_nul_bytes_is_refused_as_binary(policy: FilePolicy, shared: Path) -> None:
    (shared / "binary.csv").write_bytes(b"id,name\n1,\x00\x01\n")
    assert "NUL bytes" in refusal(policy, shared / "binary.csv")


def test_a_spreadsheet_saved_as_csv_is_refused(policy: FilePolicy, shared: Path) -> None:
    (shared / "book.csv").write_bytes(b"PK\x03\x04" + b"x" * 100)
    assert "ZIP archive" in refusal(policy, shared / "book.csv")


def test_a_file_over_the_size_cap_is_refused(shared: Path) -> None:
    (shared / "big.csv").write_bytes(b"id\n" + b"1\n" * 600)
    assert "INGESTA_MCP_MAX_FILE_BYTES" in refusal(FilePolicy([shared], max_bytes=1024), shared / "big.csv")
