"""A batch judged in bulk must agree cell for cell with each distinct text judged on its own."""

from __future__ import annotations

import json

import pytest

from domain.contracts.table_schema import parse_table_schema
from domain.validation.field_judge import FieldJudge
from domain.validation.report import CellLocale

pytestmark = pytest.mark.unit

TEXTS = [
    "", "  ", "5", " 5 ", "007", "-3", "12", "1.5", "2.50", "x", "2024-01-31", "2023-02-29", "abc", "Abc",
    "ABCDEFGHIJ", "1e3", "+5", "10", "10", "2024-06-01", "=1+1", "\x00", "true",
] * 5  # fmt: skip
FIELDS = [
    {"name": "i", "type": "integer", "constraints": {"minimum": 0, "maximum": 10}},
    {"name": "n", "type": "number", "constraints": {"enum": [5, 1.5, "2.5"]}},
    {"name": "d", "type": "date", "constraints": {"minimum": "2024-01-01", "maximum": "2024-12-31"}},
    {"name": "s", "constraints": {"pattern": "[A-Z][a-z]*", "minLength": 2, "maxLength": 5}},
    {"name": "t", "type": "datetime", "constraints": {"required": True}},
]


@pytest.mark.parametrize(
    "locale", [CellLocale(), CellLocale(comma_decimal=True, group_dot=True, day_first=True)]
)
@pytest.mark.parametrize("field", FIELDS, ids=[field["name"] for field in FIELDS])
def test_bulk_and_per_text_judgements_agree(field: dict[str, object], locale: CellLocale) -> None:
    schema = parse_table_schema(json.dumps({"fields": [field]}))
    bulk = FieldJudge(schema.fields[0], frozenset({""}), locale)
    single = FieldJudge(schema.fields[0], frozenset({""}), locale)

    judged = bulk.judge_batch(list(TEXTS))
    assert judged is not None
    values, failures = judged
    single.learn(TEXTS)

    assert values == [single.values[text] for text in TEXTS]
    expected = {
        (offset, *single.flagged[text]) for offset, text in enumerate(TEXTS) if text in single.flagged
    }
    assert set(failures) == expected
