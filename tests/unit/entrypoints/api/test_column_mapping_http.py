"""GET and POST /datasets/{name}/column-mappings, and the remembered mapping an upload then applies."""

from __future__ import annotations

import pytest
from tests.unit.entrypoints.api import test_upload_http
from tests.unit.entrypoints.api.test_contract_http import put_schema
from tests.unit.entrypoints.api.test_upload_http import Api, assert_problem

pytestmark = pytest.mark.unit

http = test_upload_http.api  # the upload tests' fixture: a test client over in-memory fakes

CONTRACT = {
    "fields": [
        {"name": "fecha_venta", "type": "date"},
        {"name": "cliente", "type": "string"},
        {"name": "amount", "type": "number"},
    ]
}
HEADERS = ["Fecha de venta", "Cliente", "Importe"]
FILE = b"Fecha de venta,Cliente,Importe\n2026-11-30,Ana,10.50\n2026-12-01,Luis,7.25\n"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def propose(http: Api, token: str, headers: list[str], name: str = "sales"):  # type: ignore[no-untyped-def]
    return http.client.get(
        f"/datasets/{name}/column-mappings", params={"header": headers}, headers=auth(token)
    )


def remember(http: Api, token: str, body: object, name: str = "sales"):  # type: ignore[no-untyped-def]
    return http.client.post(f"/datasets/{name}/column-mappings", json=body, headers=auth(token))


@pytest.fixture
def ana(http: Api) -> str:
    put_schema(http, http.token("root"), CONTRACT)
    return http.token("ana")


def test_the_proposal_pairs_by_name_and_leaves_a_translation_unpaired(http: Api, ana: str) -> None:
    response = propose(http, ana, HEADERS)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["remembered"] is False
    assert [c["name"] for c in body["dataset_columns"]] == ["fecha_venta", "cliente", "amount"]
    assert [(p["source"], p["target"], p["basis"]) for p in body["pairs"]] == [
        ("Fecha de venta", "fecha_venta", "similar-name"),
        ("Cliente", "cliente", "same-name"),
        ("Importe", None, None),
    ]


def test_a_confirmed_mapping_is_remembered_and_the_next_upload_is_mapped(http: Api, ana: str) -> None:
    refused = http.upload(ana, FILE)
    assert refused.status_code == 422
    columns = {"Fecha de venta": "fecha_venta", "Importe": "amount"}

    saved = remember(http, ana, {"headers": HEADERS, "columns": columns})
    again = remember(http, ana, {"headers": HEADERS, "columns": columns})
    loaded = http.upload(ana, FILE)

    assert saved.status_code == 201, saved.text
    assert saved.json()["columns"] == columns and saved.json()["dataset"] == "sales"
    assert again.status_code == 200
    assert loaded.status_code == 201, loaded.text
    body = loaded.json()
    assert [c["name"] for c in body["columns"]] == ["fecha_venta", "cliente", "amount"]
    applied = next(v for v in body["validations"] if v["rule"] == "remembered-mapping")
    assert applied["count"] == 2
    assert propose(http, ana, HEADERS).json()["remembered"] is True


def test_the_report_says_so_in_spanish(http: Api, ana: str) -> None:
    remember(
        http, ana, {"headers": HEADERS, "columns": {"Fecha de venta": "fecha_venta", "Importe": "amount"}}
    )

    loaded = http.client.post(
        "/uploads",
        headers={**auth(ana), "Accept-Language": "es"},
        files={"file": ("ventas.csv", FILE, "text/csv")},
        data={"dataset": "sales"},
    )

    applied = next(v for v in loaded.json()["validations"] if v["rule"] == "remembered-mapping")
    assert (
        applied["title"] == "Encabezados emparejados con las columnas del conjunto de datos como se recordó"
    )
    assert applied["samples"][0]["message"] == (
        "el encabezado 'Fecha de venta' se carga como la columna 'fecha_venta' (un emparejamiento recordado)"
    )


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (
            {"headers": HEADERS, "columns": {"Importe": "importe"}},
            "'importe' is not a column of dataset 'sales'",
        ),
        ({"headers": HEADERS, "columns": {"Total": "amount"}}, "'Total' is not one of the file's headers"),
        ({"headers": [], "columns": {}}, "Validation failed"),
        ({"headers": HEADERS}, "Validation failed"),
    ],
)
def test_a_mapping_that_cannot_hold_is_a_400_problem(
    http: Api, ana: str, body: object, fragment: str
) -> None:
    assert_problem(remember(http, ana, body), 400, fragment)


def test_a_dataset_without_a_contract_is_a_404_problem(http: Api, ana: str) -> None:
    assert_problem(propose(http, ana, HEADERS, name="compras"), 404, "no contract yet")
    assert_problem(
        remember(http, ana, {"headers": HEADERS, "columns": {}}, name="compras"), 404, "no contract"
    )


def test_a_proposal_without_headers_is_a_400_problem(http: Api, ana: str) -> None:
    response = http.client.get("/datasets/sales/column-mappings", headers=auth(ana))

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_guest_may_not_see_or_save_mappings(http: Api, ana: str) -> None:
    guest = http.token()

    assert propose(http, guest, HEADERS).status_code == 403
    assert remember(http, guest, {"headers": HEADERS, "columns": {}}).status_code == 403


def test_a_dry_run_applies_the_remembered_mapping_too(http: Api, ana: str) -> None:
    before = http.upload(ana, FILE, dry_run="true")
    remember(
        http, ana, {"headers": HEADERS, "columns": {"Fecha de venta": "fecha_venta", "Importe": "amount"}}
    )

    after = http.upload(ana, FILE, dry_run="true")

    assert before.json()["outcome"] == "rejected"
    assert after.status_code == 200 and after.json()["outcome"] == "loaded"
    assert any(v["rule"] == "remembered-mapping" for v in after.json()["validations"])
