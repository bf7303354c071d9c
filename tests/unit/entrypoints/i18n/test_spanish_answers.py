"""The API answers in Spanish when Accept-Language asks for it: problem details and the Upload report."""

from __future__ import annotations

import pytest
from tests.support.english_fragments import english_words
from tests.unit.entrypoints.api.test_upload_http import CLEAN, Api
from tests.unit.entrypoints.api.test_upload_http import api as api  # the fixture

pytestmark = pytest.mark.unit

SPANISH = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}
# A file that fails most rules: a blank header, short and long rows, a blank row, empty values,
# a bad number, a formula and a repeated row.
MESSY = (
    b"id,name,price,\n1,Ana,10.50,x\n2,Luis\n\n3,,abc,y\n4,=SUM(A1),7.25,z\n5,Eva,1.00,q,extra\n"
    b"4,=SUM(A1),7.25,z\n6,Rosa,2.00,w\n7,Paco,3.00,v\n"
)


def spanish_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["content-language"] == "es"
    body = response.json()
    assert english_words(body["title"]) == [], body["title"]
    assert english_words(body["detail"], allowed=frozenset({"file", "dataset"})) == [], body["detail"]
    return body  # type: ignore[no-any-return]


def test_the_409_of_the_issue_is_spanish_all_the_way(api: Api) -> None:
    token = api.token("ana")
    first = api.upload(token).json()

    response = api.client.post(
        "/uploads",
        headers={"Authorization": f"Bearer {token}", **SPANISH},
        files={"file": ("sales.csv", CLEAN, "text/csv")},
        data={"dataset": "sales"},
    )

    body = spanish_problem(response, 409)
    assert body["title"] == "Conflicto"
    assert body["detail"] == f"este mismo archivo ya se cargó en 'sales' con la subida {first['id']}"
    assert body["existing_upload_id"] == first["id"]


def test_without_accept_language_the_problem_stays_english(api: Api) -> None:
    response = api.client.post("/uploads", files={"file": ("a.csv", CLEAN, "text/csv")})

    assert response.status_code == 401
    assert response.json()["title"] == "Invalid token"
    assert response.headers["content-language"] == "en"


@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"content": b"", "headers": {}}, 401),  # no token
        ({"files": {"file": ("a.csv", b"PK\x03\x04" + b"\x00" * 64, "text/csv")}}, 415),
        ({"files": {"file": ("a.csv", b"a\n" * 3000, "text/csv")}}, 413),
        ({"files": {"file": ("a.csv", CLEAN, "text/csv")}, "data": {"dataset": "Bad Name"}}, 400),
        ({"files": {"file": ("a.csv", CLEAN, "text/csv")}, "data": {"on_error": "explode"}}, 400),
        ({"files": {"file": ("a.csv", CLEAN, "text/csv")}, "data": {"colour": "blue"}}, 400),
        ({"files": {"file": ("a.csv", CLEAN, "text/csv")}, "data": {"mode": "upsert"}}, 400),
        ({"data": {"dataset": "sales"}}, 400),  # no file
        ({"json": {"dataset": "sales"}}, 400),  # not multipart
    ],
)
def test_upload_problems_are_spanish(api: Api, request_kwargs: dict, status: int) -> None:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {api.token('ana')}", **SPANISH, **request_kwargs.pop("headers", {})}
    if status == 401:
        headers.pop("Authorization")
    data = {"dataset": "sales", **request_kwargs.pop("data", {})}
    if "json" in request_kwargs:
        response = api.client.post("/uploads", headers=headers, **request_kwargs)
    else:
        response = api.client.post("/uploads", headers=headers, data=data, **request_kwargs)
    spanish_problem(response, status)


@pytest.mark.parametrize(
    ("path", "status"),
    [("/uploads/nope", 404), ("/datasets/nothing_here", 404), ("/uploads?limit=0", 400), ("/nowhere", 404)],
)
def test_read_problems_are_spanish(api: Api, path: str, status: int) -> None:
    response = api.client.get(path, headers={"Authorization": f"Bearer {api.token('ana')}", **SPANISH})
    spanish_problem(response, status)


def test_a_guest_is_refused_in_spanish(api: Api) -> None:
    guest = api.token()
    response = api.client.post(
        "/uploads",
        headers={"Authorization": f"Bearer {guest}", **SPANISH},
        files={"file": ("a.csv", CLEAN, "text/csv")},
        data={"dataset": "sales"},
    )
    body = spanish_problem(response, 403)
    assert "'guest'" in body["detail"]


def test_wrong_credentials_are_refused_in_spanish(api: Api) -> None:
    response = api.client.post("/auth/login", json={"username": "ana", "password": "nope"}, headers=SPANISH)
    assert spanish_problem(response, 401)["detail"] == "usuario desconocido o contraseña incorrecta"


def test_the_upload_report_follows_accept_language(api: Api) -> None:
    token = api.token("ana")
    english = api.upload(token, MESSY, dataset="messy_en").json()
    response = api.client.post(
        "/uploads",
        headers={"Authorization": f"Bearer {token}", **SPANISH},
        files={"file": ("messy.csv", MESSY.replace(b"Rosa", b"Rosi"), "text/csv")},
        data={"dataset": "messy_es"},
    )

    assert response.status_code == 422, response.text
    spanish = response.json()
    failed = [v for v in spanish["validations"] if v["status"] == "failed"]
    assert len(failed) >= 6
    for validation in spanish["validations"]:
        assert english_words(validation["title"]) == [], validation["title"]
        for sample in validation["samples"]:
            assert english_words(sample["message"]) == [], sample["message"]
    # Ids, counts, rows and values stay data; only sentences change.
    assert [v["rule"] for v in spanish["validations"]] == [v["rule"] for v in english["validations"]]
    assert [v["count"] for v in spanish["validations"]] == [v["count"] for v in english["validations"]]
    by_rule = {v["rule"]: v for v in english["validations"]}
    assert by_rule["type-error"]["samples"][0]["message"] == "not a valid decimal"
    spanish_rule = {v["rule"]: v for v in spanish["validations"]}["type-error"]
    assert spanish_rule["title"] == "Los valores son del tipo de su columna"
    assert spanish_rule["samples"][0]["message"] == "no es un valor válido de tipo decimal"

    again = api.client.get(
        f"/uploads/{spanish['id']}", headers={"Authorization": f"Bearer {token}", **SPANISH}
    )
    assert again.json()["validations"] == spanish["validations"]
    plain = api.client.get(f"/uploads/{spanish['id']}", headers={"Authorization": f"Bearer {token}"})
    assert plain.json()["validations"][0]["title"] == "Text encoding"


def test_a_body_far_over_the_limit_names_the_limit_in_spanish(api: Api) -> None:
    # Refused by the server before the handler runs; the sentence names the limit (fast-login) in the
    # request's language, with Spanish digit grouping.
    response = api.client.post(
        "/uploads",
        headers={"Authorization": f"Bearer {api.token('ana')}", **SPANISH},
        files={"file": ("a.csv", b"a,b\n" + b"1,2\n" * 40_000, "text/csv")},
        data={"dataset": "sales"},
    )

    body = spanish_problem(response, 413)
    assert "archivos de 4.096 bytes como mucho" in body["detail"], body["detail"]


def test_litestars_own_field_errors_are_spanish(api: Api) -> None:
    token = api.token("ana")
    response = api.client.get(
        "/uploads?limit=abc&offset=-1", headers={"Authorization": f"Bearer {token}", **SPANISH}
    )

    body = spanish_problem(response, 400)
    by_key = {error["key"]: error for error in body["errors"]}
    # Keys and sources are the API's names; only the sentence changes.
    assert by_key["limit"]["message"] == "Se esperaba `int`, se recibió `str`"
    assert by_key["limit"]["source"] == "query"
    for error in body["errors"]:
        assert english_words(error["message"]) == [], error["message"]

    english = api.client.get("/uploads?limit=abc", headers={"Authorization": f"Bearer {token}"}).json()
    assert english["errors"][0]["message"] == "Expected `int`, got `str`"


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("Expected `int`, got `str`", "Se esperaba `int`, se recibió `str`"),
        ("Expected `int` >= 1", "Se esperaba `int` >= 1"),
        ("Expected `str` of length <= 63", "Se esperaba `str` de longitud <= 63"),
        ("Object missing required field `username`", "Al objeto le falta el campo obligatorio `username`"),
        ("Object contains unknown field `colour`", "El objeto contiene el campo desconocido `colour`"),
        ("Invalid enum value 'explode'", "Valor no admitido 'explode'"),
        (
            "Missing required query parameter 'limit' for path /uploads",
            "Falta el parámetro de consulta obligatorio 'limit' para la ruta /uploads",
        ),
    ],
)
def test_litestar_and_msgspec_message_shapes_have_spanish(english: str, spanish: str) -> None:
    from entrypoints.i18n.translation import translate

    assert translate(english, "es") == spanish
