"""CLI startup: `ingesta --help`, `--version` and `validate` on a 2-line file, against a bare interpreter.

Each command runs `--runs` times, interleaved with `python -c pass` (the least any Python command
costs on this machine right now); prints the median wall time and CPU (user + system) of each.

    python bench/cli_bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def run_once(command: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        two_lines = Path(folder) / "two.csv"
        two_lines.write_text("id,name\n1,Ana\n")
        ingesta = str(BIN / "ingesta")
        commands = {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "ingesta --help": [ingesta, "--help"],
            "ingesta --lang es --help": [ingesta, "--lang", "es", "--help"],
            "ingesta --version": [ingesta, "--version"],
            "ingesta validate (2-line file)": [ingesta, "validate", str(two_lines)],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        env_note = "" if os.environ.get("INGESTA_AI_ENRICHMENT") is None else " (INGESTA_AI_ENRICHMENT set)"
        for _ in range(arguments.runs):
            for name, command in commands.items():
                times[name].append(run_once(command))
    print(f"CLI startup, median of {arguments.runs} interleaved runs{env_note}:")
    for name, samples in times.items():
        wall = statistics.median(sample[0] for sample in samples)
        cpu = statistics.median(sample[1] for sample in samples)
        print(f"  {name:<32} {wall:6.3f} s wall  {cpu:6.3f} s CPU")


if __name__ == "__main__":
    main()
