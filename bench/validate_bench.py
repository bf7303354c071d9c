"""Measure pass 1 of both validation engines against a bare `csv.reader` pass over the same file.

`python bench/validate_bench.py [FILE] [--rows N] [--rounds R]`: without FILE, a file of N rows (default
1,000,000) is generated in a temporary directory. Prints, for the row engine (`stdlib`) and the columnar
engine (`columnar`, the default), the throughput ratio to `csv.reader` without a contract, with the
contract the file infers (a dataset's version 1) and with a constrained one (primary key, bounds, an enum,
a pattern), and each engine's peak RSS (a fresh child process per engine, so one does not hide the other).

Times are CPU seconds of this process (`time.process_time`, every thread included), so the ratio holds on
a busy machine where wall-clock times swing with other processes' load. Runs are interleaved, R rounds,
and each figure is the median of its rounds.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_csv import write_csv

from adapters.validation.factory import csv_validator_from_setting
from domain.contracts.table_schema import TableSchema, parse_table_schema, schema_from_columns

ENGINES = ("stdlib", "columnar")
CONSTRAINED = """{"fields": [
  {"name": "id", "type": "integer", "constraints": {"required": true, "minimum": 1}},
  {"name": "customer", "constraints": {"pattern": "Customer [0-9]+"}},
  {"name": "email", "constraints": {"maxLength": 80}},
  {"name": "amount", "type": "number", "constraints": {"minimum": 0}},
  {"name": "quantity", "type": "integer", "constraints": {"maximum": 500}},
  {"name": "active", "type": "boolean"},
  {"name": "order_date", "type": "date", "constraints": {"minimum": "2024-01-01"}},
  {"name": "updated_at", "type": "datetime"}
], "primaryKey": ["id"]}"""
# VmHWM (Linux), not ru_maxrss: the latter survives exec, so the child would start at this process's peak.
RSS_PROBE = """
from adapters.validation.{module} import {name}

def peak():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) // 1024

validator = {name}()
before = peak()
with open({path!r}, "rb") as raw:
    validator.validate(raw)
print(before, peak())
"""


def bare_reader(path: Path) -> float:
    return bare_reader_seconds(path)[0]


def bare_reader_seconds(path: Path) -> tuple[float, int]:
    """CPU seconds of one `csv.reader` pass over `path`, and the records it read."""
    started = time.process_time()
    rows = 0
    with path.open("rb") as raw:
        for _ in csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline="")):
            rows += 1
    return time.process_time() - started, rows


def validate_seconds(
    path: Path, contract: TableSchema | None = None, engine: str = "columnar"
) -> tuple[float, int]:
    """CPU seconds of pass 1 over `path` by `engine` (the default one unless told), and its row count."""
    validator = csv_validator_from_setting(engine)
    started = time.process_time()
    with path.open("rb") as raw:
        report, _ = validator.validate(raw, contract=contract)
    return time.process_time() - started, report.rows.total


def inferred_contract(path: Path) -> TableSchema:
    """The contract a dataset gets from this file (its version 1)."""
    with path.open("rb") as raw:
        return schema_from_columns(csv_validator_from_setting("stdlib").validate(raw)[0].columns)


def validation(path: Path, engine: str, contract: TableSchema | None) -> Callable[[], float]:
    validator = csv_validator_from_setting(engine)

    def run() -> float:
        started = time.process_time()
        with path.open("rb") as raw:
            validator.validate(raw, contract=contract)
        return time.process_time() - started

    return run


def peak_rss(path: Path, engine: str) -> tuple[int, int]:
    """(MiB after imports, peak MiB) of a child process that validates `path` with `engine`."""
    module, name = {
        "stdlib": ("stdlib_csv_validator", "StdlibCsvValidator"),
        "columnar": ("arrow_csv_validator", "ArrowCsvValidator"),
    }[engine]
    probe = RSS_PROBE.format(module=module, name=name, path=str(path))
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    before, peak = map(int, out.split())
    return before, peak


def measure(path: Path, rounds: int) -> dict[str, float]:
    """Print the figures; return each engine's ratio without a contract."""
    megabytes = path.stat().st_size / 1e6
    with path.open("rb") as raw:
        report, _ = csv_validator_from_setting("stdlib").validate(raw)
    contracts = {
        "no contract": None,
        "inferred contract": schema_from_columns(report.columns),
        "constrained contract": parse_table_schema(CONSTRAINED),
    }
    runs: dict[tuple[str, str], Callable[[], float]] = {
        (engine, label): validation(path, engine, contract)
        for engine in ENGINES
        for label, contract in contracts.items()
    }
    for run in runs.values():
        run()  # warm: imports, caches, the page cache
    times: dict[object, list[float]] = {key: [] for key in [*runs, "csv.reader"]}
    for _ in range(rounds):
        times["csv.reader"].append(bare_reader(path))
        for key, run in runs.items():
            times[key].append(run())
    base = statistics.median(times["csv.reader"])
    rows = report.rows.total
    print(
        f"file: {path.name} ({megabytes:.1f} MB, {rows:,} data rows), median of {rounds} interleaved rounds"
    )
    print(f"csv.reader                 : {rows / base:12,.0f} rows/s {megabytes / base:7.1f} MB/s")
    ratios: dict[str, float] = {}
    for engine in ENGINES:
        for label in contracts:
            seconds = statistics.median(times[engine, label])
            ratio = base / seconds
            print(f"{engine:8} {label:20}: {rows / seconds:12,.0f} rows/s   ratio {ratio:.2f}")
            if label == "no contract":
                ratios[engine] = ratio
    for engine in ENGINES:
        before, peak = peak_rss(path, engine)
        print(f"peak RSS {engine:8}          : {peak} MiB ({peak - before} MiB above the imports)")
    speedup = ratios["columnar"] / ratios["stdlib"]
    print(f"columnar / stdlib          : {speedup:.1f}x faster (target: columnar ratio >= 0.8)")
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.file:
        measure(args.file, args.rounds)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.csv"
        write_csv(path, args.rows)
        measure(path, args.rounds)


if __name__ == "__main__":
    main()
