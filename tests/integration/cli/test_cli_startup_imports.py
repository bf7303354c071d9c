"""`ingesta --help`, `--version` and `validate` start without the web stack, the database or cloud SDKs.

Moved from the unit tier: each test starts an interpreter of its own (a third of a second of CPU each,
the unit tier's slowest tests); `tests/unit/entrypoints/cli/test_cli_startup.py` keeps the in-process ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

# Seconds of imports between them; only `serve` (and commands that reach a database) may load them.
HEAVY = ("litestar", "sqlalchemy", "boto3", "botocore", "polars", "pyarrow", "uvicorn", "alembic", "httpx")

PROBE = """
import contextlib, io, json, sys
from entrypoints.cli.main import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
"""


def modules_loaded_by(*arguments: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[3],
        env={"PATH": "/usr/bin:/bin"},
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in HEAVY}


@pytest.mark.parametrize(
    "arguments",
    [
        ("--help",),
        ("--version",),
        ("users", "create", "--help"),
        ("upload", "--help"),
        ("serve", "--help"),
        ("--lang", "es", "--help"),
        ("--lang", "es", "upload", "--help"),
    ],
)
def test_help_and_version_load_no_heavy_library(arguments: tuple[str, ...]) -> None:
    assert heavy(modules_loaded_by(*arguments)) == set()


def test_validate_loads_no_heavy_library(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("id,name\n1,Ana\n")

    # The near-duplicate rule's linker keeps rows in Arrow arrays, so pyarrow (about 40 ms of imports)
    # is the one library `validate` may load; a small file is still read by the row engine.
    loaded = heavy(modules_loaded_by("validate", str(path)))
    assert {name for name in loaded if name.split(".")[0] != "pyarrow"} == set()


def test_validate_of_a_small_file_runs_the_row_engine(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("id,name\n1,Ana\n")

    assert "adapters.validation.arrow_csv_validator" not in modules_loaded_by("validate", str(path))


@pytest.mark.parametrize("arguments", [("--help",), ("--version",)])
def test_english_help_compiles_no_catalog_pattern(arguments: tuple[str, ...]) -> None:
    # Recognising English sentences compiles a pattern per catalog entry (about a fifth of the CLI's
    # import time); only a translation into another language needs them.
    probe = PROBE.replace(
        "print(json.dumps(sorted(sys.modules)))",
        "from entrypoints.i18n import translation; print(translation._compiled.cache_info().currsize)",
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[3],
        env={"PATH": "/usr/bin:/bin"},
    )

    assert result.stdout.splitlines()[-1] == "0", result.stderr
