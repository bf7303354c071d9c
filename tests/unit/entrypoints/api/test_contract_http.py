"""GET and PUT /datasets/{name}/schema, and uploads checked against the contract, over HTTP."""

from __future__ import annotations

import json

import pytest
from tests.unit.entrypoints.api import test_upload_http
from tests.unit.entrypoints.api.test_upload_http import Api, assert_problem

pytestmark = pytest.mark.unit

http = test_upload_http.api  # the upload tests' fixture: a test client over in-memory fakes

CONTRACT = {
    "fields": [
        {"name": "id", "type": "integer"},
        {"name": "name", "type": "string", "constraints": {"required": True}},
        {"name": "price", "type": "number", "constraints": {"minimum": 0}},
    ],
    "primaryKey": ["id"],
}


def put_schema(http: Api, token: str, document: object, if_match: str | None = None, name: str = "sales"):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if if_match is not None:
        headers["If-Match"] = if_match
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    return http.client.put(f"/datasets/{name}/schema", content=body, headers=headers)


def get_schema(http: Api, token: str, name: str = "sales"):  # type: ignore[no-untyped-def]
    return http.client.get(f"/datasets/{name}/schema", headers={"Authorization": f"Bearer {token}"})


def test_an_admin_declares_a_contract_before_any_upload_and_reads_it_back(http: Api) -> None:
    token = http.token("root")

    created = put_schema(http, token, CONTRACT)
    read = get_schema(http, token)

    assert created.status_code == 201, created.text
    assert read.status_code == 200
    assert read.headers["etag"] == '"v1"' and read.headers["x-schema-version"] == "1"
    assert read.json() == {**CONTRACT, "primaryKey": ["id"]}
    assert "version" not in read.json()


def test_an_upload_after_the_contract_is_validated_against_it(http: Api) -> None:
    put_schema(http, http.token("root"), CONTRACT)
    content = b"id,name,price\n1,Ana,10.50\n2,,7.25\n3,Eva,-1\n"

    response = http.upload(http.token("ana"), content, on_error="skip")

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["schema_version"] == 1 and body["mode"] == "append"
    failed = {v["rule"] for v in body["validations"] if v["status"] == "failed"}
    assert {"missing-value", "constraint-error"} <= failed
    assert body["rows"]["loaded"] == 1


def test_replacing_without_if_match_is_428_and_with_a_stale_one_412(http: Api) -> None:
    token = http.token("root")
    put_schema(http, token, CONTRACT)
    wider = {**CONTRACT, "fields": [*CONTRACT["fields"], {"name": "note", "type": "string"}]}  # type: ignore[list-item]

    assert_problem(put_schema(http, token, wider), 428, 'If-Match: "v1"')
    assert_problem(put_schema(http, token, wider, if_match='"v9"'), 412, '"v1"')
    replaced = put_schema(http, token, wider, if_match='"v1"')

    assert replaced.status_code == 200 and replaced.headers["etag"] == '"v2"'
    assert get_schema(http, token).headers["x-schema-version"] == "2"


def test_unsupported_properties_are_a_400_naming_them(http: Api) -> None:
    document = {
        "fields": [{"name": "id", "type": "integer"}, {"name": "where", "type": "geopoint"}],
        "foreignKeys": [],
    }

    response = put_schema(http, http.token("root"), document)

    assert_problem(response, 400, "")
    assert set(response.json()["unsupported"]) >= {"foreignKeys", "fields[1].type=geopoint"}


def test_narrowing_a_field_of_a_dataset_with_rows_is_409_with_the_reason(http: Api) -> None:
    token = http.token("root")
    assert http.upload(http.token("ana")).status_code == 201
    current = get_schema(http, token)
    narrowed = current.json()
    narrowed["fields"][2]["type"] = "integer"

    response = put_schema(http, token, narrowed, if_match=current.headers["etag"])

    assert_problem(response, 409, "price")


def test_only_admins_may_put_a_contract(http: Api) -> None:
    assert_problem(put_schema(http, http.token("ana"), CONTRACT), 403, "")
    assert http.datasets.contracts == {}


def test_a_dataset_without_contract_or_upload_has_no_schema(http: Api) -> None:
    assert_problem(get_schema(http, http.token("ana")), 404, "no contract yet")


def test_the_first_upload_gives_the_dataset_version_one(http: Api) -> None:
    body = http.upload(http.token("ana")).json()

    schema = get_schema(http, http.token("ana"))

    assert body["schema_version"] == 1
    assert [field["name"] for field in schema.json()["fields"]] == ["id", "name", "price"]


def test_upsert_needs_a_primary_key(http: Api) -> None:
    response = http.upload(http.token("ana"), mode="upsert")

    assert_problem(response, 400, "primaryKey")
    assert http.uploads.records == {}


def test_upsert_reports_inserted_and_updated(http: Api) -> None:
    put_schema(http, http.token("root"), CONTRACT)
    token = http.token("ana")
    http.upload(token, b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n")

    response = http.upload(token, b"id,name,price\n2,Luis,8.00\n3,Eva,1\n", mode="upsert")

    assert response.status_code == 201, response.text
    assert (response.json()["inserted"], response.json()["updated"]) == (1, 1)
    assert len(http.datasets.rows["sales"]) == 3


def test_an_unknown_mode_is_a_400(http: Api) -> None:
    assert_problem(http.upload(http.token("ana"), mode="merge"), 400, "append, upsert or replace")
