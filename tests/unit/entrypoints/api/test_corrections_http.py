"""POST /uploads/{id}/corrections and refused attempts in GET /uploads, through Litestar's test client."""

from __future__ import annotations

import pytest

from .test_upload_http import Api, api, assert_problem

pytestmark = pytest.mark.unit
__all__ = ["api"]

# Row 3's price is no number; codes keep their leading zeros.
GOOD = "".join(f"{n:04d},name{n},{n}.5\n" for n in range(10, 40))
BAD = ("code,name,price\n0001,Ana,1.5\n0002,Luis,abc\n" + GOOD).encode()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def correct(api: Api, token: str, upload_id: str, cells: list[dict[str, object]], **more: object):  # type: ignore[no-untyped-def]
    return api.client.post(
        f"/uploads/{upload_id}/corrections", headers=auth(token), json={"cells": cells, **more}
    )


def rejected_upload(api: Api, token: str) -> str:
    response = api.upload(token, BAD)
    assert response.status_code == 422, response.text
    return str(response.json()["id"])


def test_a_corrected_upload_is_a_new_upload_naming_the_one_it_corrects(api: Api) -> None:
    token = api.token("ana")
    original = rejected_upload(api, token)

    response = correct(api, token, original, [{"row": 3, "column": "price", "value": "2.5"}])

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] != original and body["corrects"] == original and body["status"] == "loaded"
    assert body["rows"]["loaded"] == 32
    assert response.headers["location"] == f"/uploads/{body['id']}"
    archived = api.objects.objects[body["object_key"]]
    assert b"0002,Luis,2.5" in archived and b"0001,Ana,1.5" in archived
    listed = api.client.get("/uploads", headers=auth(token)).json()["items"]
    assert {(item["id"], item["corrects"]) for item in listed} == {(original, None), (body["id"], original)}


def test_a_correction_that_still_fails_is_422_with_the_upload(api: Api) -> None:
    token = api.token("ana")
    original = rejected_upload(api, token)

    response = correct(api, token, original, [{"row": 3, "column": "price", "value": "still bad"}])

    assert response.status_code == 422
    assert response.json()["status"] == "rejected" and response.json()["corrects"] == original


def test_a_dry_run_checks_the_corrected_file_and_keeps_nothing(api: Api) -> None:
    token = api.token("ana")
    original = rejected_upload(api, token)

    response = correct(api, token, original, [{"row": 3, "column": "price", "value": "2.5"}], dry_run=True)

    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "loaded"
    assert list(api.uploads.records) == [original]


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ({"row": 300, "column": "price", "value": "1"}, "row 300 is not in the file: its last row is 33"),
        ({"row": 3, "column": "prize", "value": "1"}, "the file has no column 'prize'"),
        ({"row": 1, "column": "price", "value": "1"}, "row 1 is not a data row"),
    ],
)
def test_a_bad_row_or_column_is_a_422_problem_that_says_which(
    api: Api, cell: dict[str, object], fragment: str
) -> None:
    token = api.token("ana")
    original = rejected_upload(api, token)

    assert_problem(correct(api, token, original, [cell]), 422, fragment)
    assert list(api.uploads.records) == [original]


def test_more_cells_than_the_bound_are_refused_naming_it(api: Api) -> None:
    token = api.token("ana")
    original = rejected_upload(api, token)
    cells = [{"row": row, "column": "name", "value": "x"} for row in range(2, 53)]

    assert_problem(correct(api, token, original, cells), 422, "at most 50 cells can be corrected at once")


def test_only_the_owner_or_an_admin_may_correct(api: Api) -> None:
    original = rejected_upload(api, api.token("ana"))
    cell = [{"row": 3, "column": "price", "value": "2.5"}]

    assert_problem(correct(api, api.token("bea"), original, cell), 404, "no upload")
    assert correct(api, api.token("root"), original, cell).status_code == 201
    assert api.client.post(f"/uploads/{original}/corrections", json={"cells": cell}).status_code == 401


def test_a_loaded_upload_is_409(api: Api) -> None:
    token = api.token("ana")
    loaded = api.upload(token).json()["id"]

    assert_problem(
        correct(api, token, loaded, [{"row": 2, "column": "name", "value": "x"}]), 409, "only a rejected"
    )


def test_refused_attempts_are_listed_with_their_reason_apart_from_rejections(api: Api) -> None:
    token = api.token("ana")
    assert api.upload(token).status_code == 201
    assert api.upload(token).status_code == 409
    assert api.upload(token, b"\x89PNG\r\n\x1a\n" + bytes(64)).status_code == 415
    rejected_upload(api, token)

    page = api.client.get("/uploads", headers=auth(token)).json()

    assert page["total"] == 4
    kinds = sorted((item["status"], item["refusal"]) for item in page["items"])
    assert kinds == [
        ("loaded", None),
        ("refused", "duplicate"),
        ("refused", "unsupported"),
        ("rejected", None),
    ]
    refused = next(item for item in page["items"] if item["refusal"] == "duplicate")
    assert refused["filename"] == "sales.csv" and refused["bytes"] > 0 and refused["object_key"] == ""
    one = api.client.get(f"/uploads/{refused['id']}", headers=auth(token)).json()
    assert one["status"] == "refused" and "already loaded" in one["failure"]
    # Other users do not see them.
    assert api.client.get("/uploads", headers=auth(api.token("bea"))).json()["total"] == 0


def test_a_dry_run_refusal_is_not_recorded(api: Api) -> None:
    token = api.token("ana")

    response = api.upload(token, b"\x89PNG\r\n\x1a\n" + bytes(64), dry_run="true")

    assert response.status_code == 415
    assert api.uploads.records == {}
