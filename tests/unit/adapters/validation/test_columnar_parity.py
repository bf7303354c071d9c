"""The columnar validator's reports are the row engine's, byte for byte, on ordinary and pathological files.

Every seeded file (see `generated_files`) is validated by both engines, without a contract, with the
contract the file infers, and with a constrained contract, and with a row rule that records what it is
fed; the reports, the duplicate rows for pass 2 and the rows fed to the rule must be identical. Small
Arrow blocks put many batch boundaries into small files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import msgspec
import pytest
from tests.unit.adapters.validation.generated_files import generated_file

from adapters.ai.enrichment_rules import rules_for_contract
from adapters.validation.arrow_csv_validator import ArrowCsvValidator
from adapters.validation.stdlib_csv_validator import StdlibCsvValidator
from domain.contracts.table_schema import TableSchema, parse_table_schema, schema_from_columns
from domain.validation.engine import ValidationOptions
from domain.validation.report import Column, RuleStatus, Severity, Validation

pytestmark = pytest.mark.unit

SEEDS = range(160)


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


def _both(data: bytes, contract: TableSchema | None, validator: ArrowCsvValidator) -> tuple[object, object]:
    results = []
    for engine in (StdlibCsvValidator(), validator):
        rule = RecordingRule()
        report, plan = engine.validate(
            io.BytesIO(data), contract=contract, options=ValidationOptions(), extra_rules=[rule]
        )
        results.append(msgspec.to_builtins([report, plan, rule.columns, rule.seen]))
    return results[0], results[1]


@pytest.mark.parametrize("seed", SEEDS)
def test_both_engines_report_the_same(seed: int) -> None:
    data = generated_file(seed)
    validator = ArrowCsvValidator(block_bytes=1 << 12)
    row_engine, columnar = _both(data, None, validator)
    assert columnar == row_engine
    inferred = schema_from_columns(StdlibCsvValidator().validate(io.BytesIO(data))[0].columns)
    row_engine, columnar = _both(data, inferred, validator)
    assert columnar == row_engine


CONSTRAINED = """{"fields": [
  {"name": "id0", "type": "integer", "constraints": {"required": true, "minimum": 1, "unique": true}},
  {"name": "amount1", "type": "number", "constraints": {"minimum": 0}},
  {"name": "code2", "constraints": {"pattern": "[0-9]+", "enum": ["0001", "0002", "0042"]}}
], "primaryKey": ["id0"]}"""


@pytest.mark.parametrize("seed", range(0, 160, 4))
def test_both_engines_judge_a_constrained_contract_alike(seed: int) -> None:
    data = _with_contract_names(generated_file(seed))
    row_engine, columnar = _both(
        data, parse_table_schema(CONSTRAINED), ArrowCsvValidator(block_bytes=1 << 12)
    )
    assert columnar == row_engine


def _with_contract_names(data: bytes) -> bytes:
    """The file with its first three header cells named as the constrained contract's fields."""
    bom = data.startswith(b"\xef\xbb\xbf")
    header, newline, rest = data.removeprefix(b"\xef\xbb\xbf").partition(b"\n")
    delimiter = next((d for d in (b";", b"\t", b"|") if d in header), b",")
    cells = header.rstrip(b"\r").split(delimiter)
    names = [b"id0", b"amount1", b"code2", *cells[3:]][: len(cells)]
    return b"\xef\xbb\xbf" * bom + delimiter.join(names) + newline + rest


def test_most_generated_files_are_read_column_wise() -> None:
    """Without this the test above could pass with every file handed to the row engine."""
    validator = ArrowCsvValidator(block_bytes=1 << 12)
    for seed in SEEDS:
        validator.validate(io.BytesIO(generated_file(seed)))
    assert validator.columnar_reads >= len(SEEDS) // 2


def test_the_enrichment_rules_report_alike_from_either_engine() -> None:
    """The service's own row rules (near duplicates, outliers) find the same from the columnar batches."""
    from tests.unit.domain.enrichment.labelled_records import generate

    people = generate(600, seed=3)
    lines = ["|".join(f"c{index}" for index in range(len(people.records[0])))]
    lines += ["|".join(record) for record in people.records]
    data = ("\n".join(lines) + "\n").encode()
    validator = ArrowCsvValidator(block_bytes=1 << 14)
    reports = [
        msgspec.to_builtins(
            engine.validate(
                io.BytesIO(data), contract=None, options=ValidationOptions(), extra_rules=rules_for_contract()
            )
        )
        for engine in (StdlibCsvValidator(), validator)
    ]
    assert validator.columnar_reads == 1
    assert reports[1] == reports[0]
    assert any(v["rule"] == "near-duplicate-row" and v["count"] for v in reports[0][0]["validations"])
