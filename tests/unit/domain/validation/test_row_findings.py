from __future__ import annotations

import json

import pytest

from adapters.validation.csv_files import find_invalid_rows
from domain.contracts.table_schema import TableSchema, parse_table_schema
from domain.validation.engine import ValidationOptions
from domain.validation.row_findings import InvalidRow

from .conftest import csv_bytes

pytestmark = pytest.mark.unit


def invalid(text: str, contract: TableSchema | None = None, max_samples: int = 20) -> list[InvalidRow]:
    report, rows = find_invalid_rows(
        csv_bytes(text), contract=contract, options=ValidationOptions(max_samples=max_samples)
    )
    found = list(rows)
    assert len(found) == report.rows.invalid
    return found


def test_names_every_rule_that_hit_a_row_with_its_original_cells() -> None:
    text = "id,price\n" + "".join(f"{n},{n}.5\n" for n in range(1, 30)) + "x,\n30,abc,9\n1,1.5\n"
    contract = parse_table_schema(
        json.dumps(
            {
                "fields": [
                    {"name": "id", "type": "integer"},
                    {"name": "price", "type": "number", "constraints": {"required": True}},
                ]
            }
        )
    )
    rows = invalid(text, contract)
    assert [row.row for row in rows] == [31, 32, 33]
    assert rows[0].cells == ("x", "")
    assert any(reason.startswith("type-error (id)") for reason in rows[0].reasons)
    assert any(reason.startswith("missing-value (price)") for reason in rows[0].reasons)
    assert rows[1].cells == ("30", "abc", "9")
    assert any(reason.startswith("extra-cell") for reason in rows[1].reasons)
    assert rows[2].reasons == ("duplicate-row: repeats an earlier row",)


def test_lists_every_invalid_row_past_the_report_sample_cap() -> None:
    text = "n\n" + "".join(f"{n}\n" for n in range(1, 101)) + "".join(f"bad{n}\n" for n in range(5))
    contract = parse_table_schema(json.dumps({"fields": [{"name": "n", "type": "integer"}]}))
    rows = invalid(text, contract, max_samples=2)
    assert [row.cells for row in rows] == [(f"bad{n}",) for n in range(5)]
    assert all(row.reasons[0].startswith("type-error (n): 'bad") for row in rows)


def test_without_a_contract_judges_the_inferred_types() -> None:
    text = "a,b\n" + "".join(f"{n},x\n" for n in range(1, 40)) + "oops,x\n"
    rows = invalid(text)
    assert [(row.row, row.reasons) for row in rows] == [(41, ("type-error (a): 'oops' not a valid integer",))]


def test_primary_key_repeats_are_reasons() -> None:
    contract = parse_table_schema(
        json.dumps({"fields": [{"name": "k", "type": "integer"}, {"name": "v"}], "primaryKey": ["k"]})
    )
    rows = invalid("k,v\n1,a\n2,b\n1,c\n", contract)
    assert [row.row for row in rows] == [4]
    assert rows[0].reasons[0].startswith("primary-key-error")


def test_a_clean_file_has_no_invalid_rows() -> None:
    assert invalid("a,b\n1,2\n3,4\n") == []
