"""Parity with frictionless: the same files and Table Schemas fail the same cells (row, field).

Only features both support are used. Where Ingesta is deliberately more lenient on defaults (a space
instead of `T` in datetimes, a decimal comma in `;` files) or stricter (`007` is not an integer, exact
rows repeated are duplicate-row errors), these files do not go; the README lists those differences.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.validation.csv_files import validate_csv
from domain.contracts.table_schema import parse_table_schema
from domain.validation.engine import ValidationOptions
from domain.validation.report import Severity

frictionless = pytest.importorskip("frictionless", reason="frictionless is in the dev extra; not installed")

pytestmark = pytest.mark.unit

PRODUCTS = (
    "id,nombre,precio,cantidad,fecha,activo,categoria,codigo\n"
    "1,Producto A,100.50,10,31/12/2024,sí,nuevo,A1\n"
    "2,Producto B,200.00,5,01/01/2025,no,usado,A2\n"
    "3,Producto C,,8,15/06/2024,sí,nuevo,A3\n"
    "4,P,150.75,,15/13/2024,tal vez,roto,A4\n"
    "5,Producto E,invalid,3,2024-06-15,no,nuevo,A2\n"
    "1,Producto F,-3,7,01/02/2024,sí,usado,A6\n"
    ",Producto G,1000.01,2,01/02/2024,no,usado,\n"
    "8,producto h,999.99,x,29/02/2023,sí,nuevo,A8\n"
)
PRODUCTS_SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer"},
        {"name": "nombre", "constraints": {"required": True, "minLength": 2, "pattern": "[A-Z].*"}},
        {"name": "precio", "type": "number", "constraints": {"minimum": 0, "maximum": 1000}},
        {"name": "cantidad", "type": "integer", "constraints": {"required": True}},
        {"name": "fecha", "type": "date", "format": "%d/%m/%Y"},
        {"name": "activo", "type": "boolean", "trueValues": ["sí"], "falseValues": ["no"]},
        {"name": "categoria", "constraints": {"enum": ["nuevo", "usado"]}},
        {"name": "codigo", "constraints": {"unique": True}},
    ],
    "primaryKey": ["id"],
}
SPANISH = (
    "fecha;importe;hora;nota;momento\n"
    "31/12/2024;1.234,56;10:30:00;ok;2024-12-31T10:00:00\n"
    "2024-12-31;1234.56;10:30;NA;2024-12-31T25:00:00\n"
    "01/01/2025;-0,5;23:59:59;;\n"
    "NA;12,5;NA;-;2025-01-01T00:00:00Z\n"
    "02/01/2025;abc;07:00:00;x;2025-01-01T00:00:00\n"
)
SPANISH_SCHEMA = {
    "fields": [
        {"name": "fecha", "type": "date", "format": "%d/%m/%Y", "constraints": {"minimum": "01/01/2025"}},
        {"name": "importe", "type": "number", "decimalChar": ",", "groupChar": ".",
         "constraints": {"required": True, "maximum": 2000}},
        {"name": "hora", "type": "time", "constraints": {"maximum": "23:00:00"}},
        {"name": "nota", "constraints": {"maxLength": 2}},
        {"name": "momento", "type": "datetime"},
    ],
    "missingValues": ["", "NA"],
}  # fmt: skip
KEYS = "a,b,n\n1,x,1\n1,y,2\n1,x,3\n2,2024-01-01,4\n2,2024-01-01,5\n"
KEYS_SCHEMA = {
    "fields": [{"name": "a", "type": "integer"}, {"name": "b"}, {"name": "n", "type": "number"}],
    "primaryKey": ["a", "b"],
}
CASES = [("products.csv", PRODUCTS, PRODUCTS_SCHEMA, ","), ("es.csv", SPANISH, SPANISH_SCHEMA, ";"),
         ("keys.csv", KEYS, KEYS_SCHEMA, ",")]  # fmt: skip
CELL_RULES = {"type-error", "constraint-error", "unique-error", "missing-value"}


def ingesta_failures(path: Path, schema: dict[str, object]) -> set[tuple[int, str | None]]:
    contract = parse_table_schema(json.dumps(schema))
    with path.open("rb") as source:
        report = validate_csv(source, contract=contract, options=ValidationOptions(max_samples=1000))
    failures: set[tuple[int, str | None]] = set()
    for validation in report.validations:
        if validation.rule == "primary-key-error":
            failures.update((sample.row, None) for sample in validation.samples)  # type: ignore[misc]
        elif validation.rule in CELL_RULES:
            required = validation.rule != "missing-value" or validation.severity is Severity.ERROR
            failures.update(
                (sample.row, sample.column)  # type: ignore[misc]
                for sample in validation.samples
                if required and sample.message != "empty value"
            )
        else:
            assert not validation.is_blocking, validation  # nothing frictionless would not report
    return failures


def frictionless_failures(
    path: Path, schema: dict[str, object], delimiter: str
) -> set[tuple[int, str | None]]:
    resource = frictionless.Resource(
        path=path.name,
        basepath=str(path.parent),
        schema=frictionless.Schema.from_descriptor(schema),
        control=frictionless.formats.CsvControl(delimiter=delimiter),
    )
    failures: set[tuple[int, str | None]] = set()
    for row, field, kind in resource.validate().flatten(["rowNumber", "fieldName", "type"]):
        assert kind in {"type-error", "constraint-error", "unique-error", "primary-key"}, kind
        failures.add((row, None if kind == "primary-key" else field))
    return failures


@pytest.mark.parametrize(("name", "text", "schema", "delimiter"), CASES, ids=[case[0] for case in CASES])
def test_the_same_cells_fail_as_with_frictionless(
    tmp_path: Path, name: str, text: str, schema: dict[str, object], delimiter: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")

    ours = ingesta_failures(path, schema)

    assert ours == frictionless_failures(path, schema, delimiter)
    assert len(ours) >= 2  # the files do exercise the checks
