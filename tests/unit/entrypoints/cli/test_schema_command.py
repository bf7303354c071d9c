"""`ingesta schema infer`: a Table Schema an admin can start from, that judges the file as an upload did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.validation.csv_files import validate_csv
from domain.contracts.table_schema import parse_table_schema, to_document
from entrypoints.cli.main import main
from entrypoints.cli.schema_command import infer_file

pytestmark = pytest.mark.unit

SAMPLE = b"""id,nombre,precio,cantidad
1,Producto A,100.50,10
2,Producto B,200.00,5
3,Producto C,,8
4,Producto D,150.75,
5,Producto E,invalid,3
6,Producto A,100.50,10
"""
SPANISH = "fecha;importe;activo;estado\n31/12/2024;1.234,56;sí;abierto\n01/01/2025;12,5;no;abierto\n"
SPANISH += "02/01/2025;3;sí;cerrado\n03/01/2025;4;no;cerrado\n"


def infer(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, *flags: str) -> dict:  # type: ignore[type-arg]
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    assert main(["schema", "infer", str(path), *flags]) == 0
    document: dict = json.loads(capsys.readouterr().out)  # type: ignore[type-arg]
    return document


def test_the_sample_file_infers_a_number_price_and_no_constraints_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = infer(tmp_path, capsys, SAMPLE)

    assert [(f["name"], f["type"]) for f in document["fields"]] == [
        ("id", "integer"), ("nombre", "string"), ("precio", "number"), ("cantidad", "integer"),
    ]  # fmt: skip
    assert all("constraints" not in field for field in document["fields"])
    assert "primaryKey" not in document


def test_suggested_constraints_mark_required_columns_and_the_id_as_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = infer(tmp_path, capsys, SAMPLE, "--suggest-constraints")

    assert document["primaryKey"] == ["id"]
    required = [f["name"] for f in document["fields"] if f.get("constraints", {}).get("required")]
    assert required == ["id", "nombre"]


def test_a_spanish_export_writes_its_conventions_and_validates_cleanly_against_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = infer(tmp_path, capsys, SPANISH.encode(), "--suggest-constraints")

    fields = {field["name"]: field for field in document["fields"]}
    assert fields["fecha"]["type"] == "date" and fields["fecha"]["format"] == "%d/%m/%Y"
    assert (fields["importe"]["decimalChar"], fields["importe"]["groupChar"]) == (",", ".")
    assert (fields["activo"]["trueValues"], fields["activo"]["falseValues"]) == (["sí"], ["no"])
    assert fields["estado"]["constraints"]["enum"] == ["abierto", "cerrado"]
    with (tmp_path / "file.csv").open("rb") as source:
        report = validate_csv(source, contract=parse_table_schema(json.dumps(document)))
    assert not report.has_errors, [v for v in report.validations if v.count]


def test_an_unreadable_file_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "infer", str(tmp_path / "missing.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_an_inferred_schema_reads_its_file_cleanly_in_frictionless(tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in the dev extra")
    path = tmp_path / "export.csv"
    path.write_text(SPANISH, encoding="utf-8")
    schema = infer_file(str(path), suggest=True)
    assert schema is not None

    resource = frictionless.Resource(
        path=path.name,
        basepath=str(tmp_path),
        schema=frictionless.Schema.from_descriptor(to_document(schema)),
        control=frictionless.formats.CsvControl(delimiter=";"),
    )

    assert resource.validate().flatten(["rowNumber", "fieldName", "type"]) == []
