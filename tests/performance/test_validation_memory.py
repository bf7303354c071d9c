"""Pass 1's memory: batches, about 10 bytes a row, and at most twice the longest line, never the file.

Each figure is the peak RSS growth of a fresh child process while it validates, after its imports and a
warm-up on a file of 50,000 rows (Arrow's reader takes a fixed 50-70 MB the first time it reads blocks),
for both engines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate_csv import write_csv

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc (Linux)"),
]

# VmHWM, not ru_maxrss: the latter survives exec, so a child would start at its parent's peak.
PROBE = """
import sys
from adapters.validation.{module} import {name}

def peak():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) * 1024

validator = {name}()
with open(sys.argv[1], "rb") as warm:
    validator.validate(warm)
before = peak()
with open(sys.argv[2], "rb") as raw:
    validator.validate(raw)
print(peak() - before)
"""
ENGINES = {
    "stdlib": ("stdlib_csv_validator", "StdlibCsvValidator"),
    "columnar": ("arrow_csv_validator", "ArrowCsvValidator"),
}


def _growth(engine: str, path: Path, tmp_path: Path) -> int:
    """Bytes the peak RSS grew by while `engine` validated `path`."""
    warm = tmp_path / "warm.csv"
    if not warm.exists():
        write_csv(warm, 50_000)
    module, name = ENGINES[engine]
    probe = PROBE.format(module=module, name=name)
    run = subprocess.run(
        [sys.executable, "-c", probe, str(warm), str(path)], capture_output=True, text=True, check=True
    )
    return int(run.stdout)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_single_line_file_takes_at_most_twice_its_size(engine: str, tmp_path: Path) -> None:
    """The small analogue of a 300 MB one-line file, which must stay well under a gigabyte."""
    path = tmp_path / "one_line.csv"
    path.write_bytes(b"a,b\n" + b"x" * 30_000_000 + b",y\n")
    grown = _growth(engine, path, tmp_path)
    assert grown < 2.5 * path.stat().st_size, f"{engine}: {grown / 1e6:.0f} MB for a 30 MB line"


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rows") / "million.csv"
    write_csv(path, 1_000_000)
    return path


@pytest.mark.parametrize("engine", ENGINES)
def test_a_large_file_is_not_held_in_memory(engine: str, million_rows: Path, tmp_path: Path) -> None:
    """About 10 bytes a row are kept (a digest and a status) besides one batch; the file is 94 bytes a row.

    Measured here: about 10 MB (row engine) and 55 MB (columnar: Arrow's buffers, and allocator pools that
    settle after some 30 batches) for the 95 MB file.
    """
    grown = _growth(engine, million_rows, tmp_path)
    assert grown < 0.75 * million_rows.stat().st_size, f"{engine}: {grown / 1e6:.0f} MB for a 95 MB file"
