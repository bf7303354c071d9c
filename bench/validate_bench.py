"""Measure `validate_csv` against a bare `csv.reader` pass over the same file.

`python bench/validate_bench.py [FILE] [--rows N]`: without FILE, a file of N rows (default 1,000,000) is
generated in a temporary directory. Prints rows/s, MB/s, peak RSS and the throughput ratio, without a
contract, with the contract the file infers (a dataset's version 1), and with a constrained one
(primary key, bounds, an enum, a pattern: every field the contract names is then judged by it).

Times are CPU seconds of this process (`time.process_time`), so the ratio holds on a busy machine where
wall-clock times swing with other processes' load.
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_csv import write_csv

from adapters.validation.csv_files import validate_csv
from domain.contracts.table_schema import TableSchema, parse_table_schema, schema_from_columns

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


def bare_reader_seconds(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> tuple[float, int]:
    started = time.process_time()
    rows = 0
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        for _ in csv.reader(text, delimiter=delimiter):
            rows += 1
    return time.process_time() - started, rows


def validate_seconds(path: Path, contract: TableSchema | None = None) -> tuple[float, int]:
    started = time.process_time()
    with path.open("rb") as raw:
        report = validate_csv(raw, contract=contract)
    return time.process_time() - started, report.rows.total


def inferred_contract(path: Path) -> TableSchema:
    """The contract a dataset gets from this file (its version 1)."""
    with path.open("rb") as raw:
        return schema_from_columns(validate_csv(raw).columns)


def constrained_contract() -> TableSchema:
    return parse_table_schema(CONSTRAINED)


def measure(path: Path) -> float:
    """Print the figures and return validate throughput / bare reader throughput."""
    megabytes = path.stat().st_size / 1e6
    base, rows = bare_reader_seconds(path)
    checked, _ = validate_seconds(path)
    inferred, _ = validate_seconds(path, inferred_contract(path))
    constrained, _ = validate_seconds(path, constrained_contract())
    ratio = base / checked
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"file: {path} ({megabytes:.1f} MB, {rows - 1:,} data rows)")
    print(f"csv.reader : {rows / base:12,.0f} rows/s {megabytes / base:8.1f} MB/s")
    print(f"validate   : {rows / checked:12,.0f} rows/s {megabytes / checked:8.1f} MB/s")
    print(f"  +contract: {rows / inferred:12,.0f} rows/s   ratio {base / inferred:.2f} (inferred, version 1)")
    print(f"  +contract: {rows / constrained:12,.0f} rows/s   ratio {base / constrained:.2f} (constrained)")
    print(f"peak RSS   : {peak_mib:.0f} MiB")
    print(f"ratio      : {ratio:.2f} (target >= 0.5)")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.file:
        measure(args.file)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.csv"
        write_csv(path, args.rows)
        measure(path)


if __name__ == "__main__":
    main()
