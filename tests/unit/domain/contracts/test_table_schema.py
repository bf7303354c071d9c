from __future__ import annotations

import json
from decimal import Decimal

import pytest

from domain.contracts.errors import InvalidContract
from domain.contracts.table_schema import (
    Constraints,
    Field,
    FieldType,
    TableSchema,
    columns_from_schema,
    parse_table_schema,
    schema_from_columns,
    to_document,
)
from domain.validation.report import Column, ColumnType

pytestmark = pytest.mark.unit

# Written as a frictionless user would, using every supported feature.
FRICTIONLESS_SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True, "minimum": 1}},
        {"name": "nombre", "type": "string", "title": "Name", "description": "Product name",
         "constraints": {"minLength": 2, "maxLength": 40, "pattern": "[A-Z].*"}},
        {"name": "precio", "type": "number", "decimalChar": ",", "groupChar": ".",
         "constraints": {"minimum": 0, "maximum": 10000.5}},
        {"name": "fecha", "type": "date", "format": "%d/%m/%Y", "constraints": {"minimum": "2020-01-01"}},
        {"name": "activo", "type": "boolean", "trueValues": ["sí"], "falseValues": ["no"]},
        {"name": "hora", "type": "time"},
        {"name": "momento", "type": "datetime", "format": "any"},
        {"name": "estado", "constraints": {"enum": ["nuevo", "usado"]}},
    ],
    "primaryKey": "id",
    "missingValues": ["", "NA"],
}  # fmt: skip


def test_a_frictionless_schema_is_read_with_every_supported_feature() -> None:
    schema = parse_table_schema(json.dumps(FRICTIONLESS_SCHEMA))

    assert schema.primaryKey == ("id",)
    assert schema.missingValues == ("", "NA")
    assert schema.fields[0].constraints == Constraints(required=True, unique=True, minimum=1)
    assert schema.fields[2].decimalChar == ","
    assert schema.fields[2].groupChar == "."
    assert schema.fields[3].format == "%d/%m/%Y"
    assert schema.fields[4].trueValues == ("sí",)
    assert schema.fields[5].type is FieldType.TIME
    assert schema.fields[7].type is FieldType.STRING
    assert schema.fields[7].constraints.enum == ("nuevo", "usado")


def test_export_round_trips_unchanged_and_names_every_type() -> None:
    schema = parse_table_schema(json.dumps(FRICTIONLESS_SCHEMA))

    document = to_document(schema)

    assert parse_table_schema(json.dumps(document)) == schema
    assert [field["type"] for field in document["fields"]] == [  # type: ignore[attr-defined]
        "integer", "string", "number", "date", "boolean", "time", "datetime", "string",
    ]  # fmt: skip
    assert document["primaryKey"] == ["id"]
    assert "x-ingesta" not in document


def test_the_ingesta_extension_round_trips_under_its_namespaced_key() -> None:
    raw = {"fields": [{"name": "a"}], "x-ingesta": {"nearDuplicates": {"enabled": False, "columns": ["a"]}}}

    schema = parse_table_schema(json.dumps(raw))

    assert schema.x_ingesta is not None and schema.x_ingesta.nearDuplicates is not None
    assert schema.x_ingesta.nearDuplicates.enabled is False
    assert to_document(schema)["x-ingesta"] == {"nearDuplicates": {"enabled": False, "columns": ["a"]}}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"foreignKeys": []}, "foreignKeys"),
        ({"fields": [{"name": "a", "type": "geopoint"}]}, "fields[0].type=geopoint"),
        ({"fields": [{"name": "a", "rdfType": "x"}]}, "fields[0].rdfType"),
        ({"fields": [{"name": "a", "format": "email"}]}, "fields[0].format=email"),
        ({"fields": [{"name": "a", "type": "integer", "constraints": {"pattern": "1"}}]},
         "fields[0].constraints.pattern"),
        ({"fields": [{"name": "a", "constraints": {"exclusiveMinimum": 1}}]},
         "fields[0].constraints.exclusiveMinimum"),
        ({"fields": [{"name": "a", "decimalChar": ","}]}, "fields[0].decimalChar"),
    ],
)  # fmt: skip
def test_unsupported_properties_are_refused_by_name(change: dict[str, object], named: str) -> None:
    raw = {"fields": [{"name": "a"}], **change}

    with pytest.raises(InvalidContract) as refused:
        parse_table_schema(json.dumps(raw))

    assert named in refused.value.unsupported
    assert named in refused.value.detail


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ({"fields": [{"name": "a"}, {"name": "a"}]}, "duplicate field names: a"),
        ({"fields": [{"name": "a"}], "primaryKey": ["b"]}, "primaryKey names 'b'"),
        ({"fields": [{"name": "a", "constraints": {"pattern": "("}}]}, "not a valid regular expression"),
        ({"fields": [{"name": "a", "type": "integer", "constraints": {"minimum": "x"}}]}, "is not a integer"),
        ({"fields": [{"name": "a", "type": "date", "constraints": {"maximum": "31/12"}}]}, "is not a date"),
        ({"fields": []}, "non-empty 'fields'"),
        ({"fields": [{"type": "string"}]}, "non-empty string 'name'"),
    ],
)
def test_malformed_schemas_are_refused_with_a_reason(raw: dict[str, object], says: str) -> None:
    with pytest.raises(InvalidContract, match=says.replace("(", r"\(")):
        parse_table_schema(json.dumps(raw))


def test_not_json_is_refused() -> None:
    with pytest.raises(InvalidContract, match="not valid JSON"):
        parse_table_schema(b"{fields")


def test_a_number_bound_may_be_written_as_an_exact_string() -> None:
    raw = {"fields": [{"name": "p", "type": "number", "constraints": {"minimum": "0.10"}}]}

    assert Decimal(str(parse_table_schema(json.dumps(raw)).fields[0].constraints.minimum)) == Decimal("0.10")


def test_inferred_columns_become_version_one_and_back() -> None:
    columns = (
        Column("precio", "Precio (€)", ColumnType.DECIMAL, required=True),
        Column("fecha", "Fecha", ColumnType.DATE),
    )

    schema = schema_from_columns(columns)

    assert schema.fields == (
        Field("Precio (€)", FieldType.NUMBER, constraints=Constraints(required=True)),
        Field("Fecha", FieldType.DATE),
    )
    assert columns_from_schema(schema) == columns


def test_sql_columns_are_normalised_like_a_header_and_time_is_its_own_type() -> None:
    schema = TableSchema(fields=(Field("Hora de llegada", FieldType.TIME), Field("2nd"), Field("2ND")))

    assert columns_from_schema(schema) == (
        Column("hora_de_llegada", "Hora de llegada", ColumnType.TIME),
        Column("c_2nd", "2nd", ColumnType.STRING),
        Column("c_2nd_2", "2ND", ColumnType.STRING),
    )


def test_an_inferred_boolean_field_lists_the_words_inference_accepted() -> None:
    schema = schema_from_columns((Column("activo", "activo", ColumnType.BOOLEAN),))

    field = schema.fields[0]
    assert {"true", "True", "TRUE", "sí", "Sí", "yes"} <= set(field.trueValues)
    assert {"false", "no", "No", "NO"} <= set(field.falseValues)
    assert not set(field.trueValues) & set(field.falseValues)
