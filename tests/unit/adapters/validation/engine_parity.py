"""Both validation engines on one seeded file, compared: shared by the unit tier and the full sweep.

`tests/unit/adapters/validation/test_columnar_parity.py` runs the seeds with at most `UNIT_MAX_ROWS` rows;
`tests/performance/test_columnar_parity_sweep.py` (marker `slow`) runs the larger ones, so the two tiers
together cover every seed in `SEEDS`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import msgspec
from tests.unit.adapters.validation.generated_files import generated_file, planned_rows

from adapters.validation.arrow_csv_validator import ArrowCsvValidator
from adapters.validation.stdlib_csv_validator import StdlibCsvValidator
from domain.contracts.table_schema import TableSchema, parse_table_schema, schema_from_columns
from domain.validation.engine import ValidationOptions
from domain.validation.report import Column, RuleStatus, Severity, Validation

SEEDS = range(160)
# Up to 400 rows a file still spans several 4 KiB Arrow blocks; the 1,500- and 3,000-row files only
# repeat the same cases for longer (and take about nine tenths of the sweep's time).
UNIT_MAX_ROWS = 400
UNIT_SEEDS = [seed for seed in SEEDS if planned_rows(seed) <= UNIT_MAX_ROWS]
LARGE_SEEDS = [seed for seed in SEEDS if planned_rows(seed) > UNIT_MAX_ROWS]
# Every fourth seed also runs against a constrained contract.
CONSTRAINED_SEEDS = range(0, 160, 4)

CONSTRAINED = """{"fields": [
  {"name": "id0", "type": "integer", "constraints": {"required": true, "minimum": 1, "unique": true}},
  {"name": "amount1", "type": "number", "constraints": {"minimum": 0}},
  {"name": "code2", "constraints": {"pattern": "[0-9]+", "enum": ["0001", "0002", "0042"]}}
], "primaryKey": ["id0"]}"""


class RecordingRule:
    """A row rule that keeps everything it is fed, to compare what each engine hands its observers."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, tuple[str, ...]]] = []
        self.columns: list[str] = []

    def start(self, columns: Sequence[Column]) -> None:
        self.columns = [column.name for column in columns]

    def observe(self, row: int, cells: Sequence[str]) -> None:
        self.seen.append((row, tuple(cells)))

    def finish(self) -> Validation:
        return Validation("recording", f"{len(self.seen)} rows", Severity.WARNING, RuleStatus.PASSED)


def both(data: bytes, contract: TableSchema | None, validator: ArrowCsvValidator) -> tuple[object, object]:
    """The row engine's and the columnar engine's report, plan and rule feed, as plain data."""
    results = []
    for engine in (StdlibCsvValidator(), validator):
        rule = RecordingRule()
        report, plan = engine.validate(
            io.BytesIO(data), contract=contract, options=ValidationOptions(), extra_rules=[rule]
        )
        results.append(msgspec.to_builtins([report, plan, rule.columns, rule.seen]))
    return results[0], results[1]


def assert_engines_agree(seed: int) -> None:
    """Without a contract and with the contract the file infers, both engines report the same."""
    data = generated_file(seed)
    validator = ArrowCsvValidator(block_bytes=1 << 12)
    row_engine, columnar = both(data, None, validator)
    assert columnar == row_engine
    inferred = schema_from_columns(StdlibCsvValidator().validate(io.BytesIO(data))[0].columns)
    row_engine, columnar = both(data, inferred, validator)
    assert columnar == row_engine


def assert_engines_agree_on_a_constrained_contract(seed: int) -> None:
    data = with_contract_names(generated_file(seed))
    row_engine, columnar = both(data, parse_table_schema(CONSTRAINED), ArrowCsvValidator(block_bytes=1 << 12))
    assert columnar == row_engine


def with_contract_names(data: bytes) -> bytes:
    """The file with its first three header cells named as the constrained contract's fields."""
    bom = data.startswith(b"\xef\xbb\xbf")
    header, newline, rest = data.removeprefix(b"\xef\xbb\xbf").partition(b"\n")
    delimiter = next((d for d in (b";", b"\t", b"|") if d in header), b",")
    cells = header.rstrip(b"\r").split(delimiter)
    names = [b"id0", b"amount1", b"code2", *cells[3:]][: len(cells)]
    return b"\xef\xbb\xbf" * bom + delimiter.join(names) + newline + rest


def columnar_reads(seeds: Sequence[int]) -> int:
    """How many of the seeds' files the columnar validator reads itself (not handed to the row engine)."""
    validator = ArrowCsvValidator(block_bytes=1 << 12)
    for seed in seeds:
        validator.validate(io.BytesIO(generated_file(seed)))
    return validator.columnar_reads
