"""Every rule title and sample message real validations write has a Spanish translation.

Files that fail every rule in each way it can fail are validated for real, so a new or reworded message
in the validation engine fails here until the catalogs have it."""

from __future__ import annotations

import io
import json

import pytest
from tests.support.english_fragments import english_words

from adapters.ai.enrichment_rules import enrichment_rules
from adapters.validation.csv_files import validate_csv
from application.ports.dataset_store import KeyClash, KeyClashes
from application.uploads.key_clashes import key_clash_validation
from application.uploads.remembered_renames import applied_mapping_validation
from domain.contracts.table_schema import parse_table_schema
from domain.validation.engine import ValidationOptions
from domain.validation.report import Column, ColumnType, Validation
from entrypoints.i18n.reports import localised_validations
from entrypoints.i18n.translation import recognise

pytestmark = pytest.mark.unit

CONTRACT = parse_table_schema(
    json.dumps(
        {
            "fields": [
                {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
                {"name": "code", "type": "string", "constraints": {"pattern": "[A-Z]+", "minLength": 2}},
                {"name": "size", "type": "string", "constraints": {"maxLength": 3, "enum": ["S", "M", "XL"]}},
                {"name": "price", "type": "number", "constraints": {"minimum": 0, "maximum": 100}},
                {"name": "day", "type": "date", "format": "%d/%m/%Y"},
            ],
            "primaryKey": ["id", "code"],
        }
    )
)
NUMBERS = "id,amount,name,city\n" + "".join(f"{i},{100 + i % 7},name {i},Madrid\n" for i in range(1, 60))
FIRST = ("Juan", "Ana", "Luis", "Eva", "Rosa", "Paco", "Marta", "Pedro", "Lucia", "Jorge")
LAST = ("Garcia", "Lopez", "Martinez", "Sanchez", "Perez", "Gomez", "Diaz", "Ruiz", "Moreno", "Alvarez")
NEAR = (
    "id,name,street,zip\n"
    + "".join(
        f"{i},{FIRST[i % 10]} {LAST[i * 3 % 10]},Calle {LAST[i % 10]} {i},{28000 + i}\n" for i in range(1, 60)
    )
    + "60,Juan Garcia,Calle Garcia 10,28010\n"
)
FILES: list[tuple[str | bytes, dict[str, object]]] = [
    ("", {}),
    ("\n\n", {}),
    ("a,b\n", {}),
    ('a,b\n1,"oops\n2,x\n', {}),
    ("a,b\n1,2\n3,4,5\n6\n\n7,\n1,2\n8,=cmd()\n", {}),
    ("a,,a,A\n1,2,3,4\n", {}),
    ("a;b\n1,5;x\n", {}),
    ("id,name\n1,Pérez\n2,ok\n".encode() + b"3,bad\xff\n", {}),
    ("id,né\n1,Pérez\n".encode() + b"3,bad\xff\n", {}),
    ("id,name\n1,Ana\n".encode("utf-16") + "3,E".encode("utf-16-le") + b"\x00\xd8", {}),
    ("x," * 20 + "x\n1\n", {"options": ValidationOptions(max_columns=10)}),
    ("a," + "h" * 50 + "\n1,2\n", {"options": ValidationOptions(max_header_chars=20)}),
    ("a,b\n1," + "y" * 300 + "\n", {"options": ValidationOptions(max_field_chars=100)}),
    (
        "a,b\n1," + ",".join(['"xxxxx\nxxxxx"'] * 30) + "\n",
        {"options": ValidationOptions(max_field_chars=100)},
    ),
    ("id,price\n" + "".join(f"{i},{i}.5\n" for i in range(30)) + "31,abc\n", {}),
    (
        "id,code,size,price,day,extra\n1,AB,S,5,31/12/2024,x\n1,AB,XXXX,500,2024-12-31,y\n"
        "2,a,Q,-1,bad,z\n,AB,M,1,01/01/2025,q\n,,M,1,01/01/2025,q\n3,AB,M,1.5,01/01/2025,w\n",
        {"contract": CONTRACT},
    ),
    ("id,code\n1,AB\n", {"contract": CONTRACT}),
    ("a,b\n1,2\n", {"established": (Column("a", "a", ColumnType.INTEGER),)}),
]


def every_validation() -> list[Validation]:
    found: list[Validation] = []
    for text, extra in FILES:
        data = text if isinstance(text, bytes) else text.encode()
        report = validate_csv(io.BytesIO(data), **extra)  # type: ignore[arg-type]
        found.extend(report.validations)
    for text in (NUMBERS + "999,99999999,x,y\n", NEAR):
        rules = enrichment_rules()
        report = validate_csv(io.BytesIO(text.encode()), extra_rules=rules)
        found.extend(v for v in report.validations if v.rule in {"outlier", "near-duplicate-row"})
    clash = KeyClashes(count=1, samples=(KeyClash(row=2, key=("7",), upload_id="u-1"),))
    found.append(key_clash_validation(clash, ("id",)))
    found.append(applied_mapping_validation((("Importe", "amount"),)))
    return found


VALIDATIONS = every_validation()
SENTENCES = sorted({v.title for v in VALIDATIONS} | {s.message for v in VALIDATIONS for s in v.samples})


def test_the_files_fail_every_rule() -> None:
    failed = {v.rule for v in VALIDATIONS if v.status.value == "failed"}
    expected = {
        "encoding", "empty-file", "parse-error", "blank-header", "duplicate-header", "schema-mismatch",
        "blank-row", "missing-cell", "extra-cell", "missing-value", "type-error", "constraint-error",
        "unique-error", "primary-key-error", "duplicate-row", "formula-injection", "primary-key-in-dataset",
    }  # fmt: skip
    assert expected <= failed, expected - failed
    assert len(SENTENCES) > 40


@pytest.mark.parametrize("sentence", SENTENCES)
def test_each_title_and_message_has_a_spanish_translation(sentence: str) -> None:
    found = recognise(sentence)
    assert found is not None and found[0] != "cli.located", (
        f"add {sentence!r} to entrypoints/i18n/messages_*.py"
    )


def test_the_spanish_report_holds_no_english() -> None:
    for validation in localised_validations(tuple(VALIDATIONS), "es"):
        assert english_words(validation.title) == [], validation.title
        for sample in validation.samples:
            assert english_words(sample.message) == [], sample.message


def test_english_reports_are_left_exactly_as_they_are() -> None:
    assert localised_validations(tuple(VALIDATIONS), "en") == tuple(VALIDATIONS)
