"""The progress bar and the file that feeds it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from entrypoints.cli.progress import ProgressBar, open_with_progress, wants_progress
from entrypoints.cli.report_table import printable

pytestmark = pytest.mark.unit


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_file_reports_every_position_it_reaches(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"x" * 300_000)
    positions: list[int] = []

    with open_with_progress(str(path), positions.append) as source:
        while source.read(65_536):
            pass
        source.seek(0)
        assert source.read(3) == b"xxx"

    first_pass = positions[: positions.index(300_000) + 1]
    assert max(positions) == 300_000 and first_pass == sorted(first_pass) and len(first_pass) > 1


def test_the_bar_ends_at_one_hundred_percent_on_its_own_line() -> None:
    stream = Terminal()
    bar = ProgressBar(200, "uploading", stream, enabled=True)

    bar.update(50)
    bar.finish()

    assert " 25 %" in stream.getvalue() and stream.getvalue().endswith("100 %\n")


def test_a_disabled_bar_writes_nothing() -> None:
    stream = Terminal()
    bar = ProgressBar(10, "x", stream, enabled=False)
    bar.update(5)
    bar.finish()

    assert stream.getvalue() == ""


def test_progress_only_for_large_files_on_a_terminal() -> None:
    assert wants_progress(Terminal(), 10, 5)
    assert not wants_progress(Terminal(), 1, 5)
    assert not wants_progress(io.StringIO(), 10, 5)


def test_printable_escapes_control_characters_and_shortens() -> None:
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert printable("y" * 100, limit=10) == "y" * 9 + "…"
