"""The dataset's contract steers the near-duplicate rule: switched off, or told the primary key."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest

from adapters.ai.enrichment_rules import rules_for_contract
from adapters.validation.csv_files import validate_csv
from domain.contracts.table_schema import TableSchema, parse_table_schema
from domain.validation.report import Validation

sys.path.insert(0, str(Path(__file__).parents[2] / "domain" / "enrichment"))
from labelled_records import generate

pytestmark = pytest.mark.unit

HEADER = ["id", "name", "address", "city", "email"]


def _people() -> list[list[str]]:
    """Distinct people (the generator's near duplicates left out), each with its own id."""
    labelled = generate(200, seed=3)
    twins = {index for pair in labelled.duplicate_pairs for index in pair}
    kept = [record for i, record in enumerate(labelled.records) if i not in twins][:120]
    return [[f"P{i:04d}", *record] for i, record in enumerate(kept)]


def _contract(extra: str = "") -> TableSchema:
    fields = ", ".join(f'{{"name": "{name}"}}' for name in HEADER)
    return parse_table_schema(f'{{"fields": [{fields}]{extra}}}')


def _near_duplicates(rows: list[list[str]], contract: TableSchema | None) -> Validation:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    report = validate_csv(
        io.BytesIO(out.getvalue().encode()), contract=contract, extra_rules=rules_for_contract(contract)
    )
    return next(v for v in report.validations if v.rule == "near-duplicate-row")


def _with_copy(rows: list[list[str]], copy: list[str]) -> list[list[str]]:
    return [*rows, copy]


def test_a_file_with_a_near_duplicate_has_a_finding_under_a_plain_contract() -> None:
    rows = _people()
    retyped = [rows[5][0], rows[5][1].upper(), *rows[5][2:]]

    result = _near_duplicates(_with_copy(rows, retyped), _contract())

    assert result.count == 1


def test_a_contract_that_switches_near_duplicates_off_gets_no_finding() -> None:
    rows = _people()
    retyped = [rows[5][0], rows[5][1].upper(), *rows[5][2:]]
    contract = _contract(', "x-ingesta": {"nearDuplicates": {"enabled": false}}')

    result = _near_duplicates(_with_copy(rows, retyped), contract)

    assert result.count == 0
    assert "switched off" in result.title


def test_with_a_primary_key_the_same_record_under_two_keys_is_a_finding() -> None:
    rows = _people()
    under_new_key = ["P9999", *rows[5][1:]]

    result = _near_duplicates(_with_copy(rows, under_new_key), _contract(', "primaryKey": ["id"]'))

    assert result.count == 1
    (finding,) = result.samples
    assert finding.related_row == 7  # the header is row 1
    assert "id" not in finding.agree + finding.differ  # the key is not compared: it is what differs


def test_with_a_primary_key_rows_sharing_a_key_are_not_the_rules_business() -> None:
    rows = _people()
    same_key = [rows[5][0], rows[5][1].upper(), *rows[5][2:]]

    result = _near_duplicates(_with_copy(rows, same_key), _contract(', "primaryKey": ["id"]'))

    assert result.count == 0
