"""GET /uploads/{id}/errors.csv through Litestar's test client, over in-memory upload fakes."""

from __future__ import annotations

import csv
import io

import pytest

from .test_upload_http import Api, api, assert_problem

pytestmark = pytest.mark.unit
__all__ = ["api"]

# 30 good rows make the id column an integer; then a bad id, a missing name, a row with an extra cell,
# and a duplicate of row 2.
GOOD = "".join(f"{n},name{n},{n}.5\n" for n in range(1, 31))
MIXED = ("id,name,price\n" + GOOD + "x,Eva,1.5\n31,,2.5\n32,Leo,3.5,extra\n1,name1,1.5\n").encode()


def rows_of(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(response.text)))


def test_the_owner_downloads_every_invalid_row_with_its_cells_and_reasons(api: Api) -> None:
    token = api.token("ana")
    created = api.upload(token, MIXED, on_error="skip")
    assert created.status_code == 201, created.text
    upload_id = created.json()["id"]

    response = api.client.get(
        f"/uploads/{upload_id}/errors.csv", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="sales-errors.csv"' in response.headers["content-disposition"]
    header, *rows = rows_of(response)
    assert header == ["row", "id", "name", "price", "reasons"]
    assert [row[0] for row in rows] == ["32", "34", "35"]
    assert rows[0][1:4] == ["x", "Eva", "1.5"] and "type-error (id)" in rows[0][4]
    assert rows[1][:5] == ["34", "32", "Leo", "3.5", "extra"] and "extra-cell" in rows[1][-1]
    assert "duplicate-row" in rows[2][-1]
    assert len(rows) == created.json()["rows"]["invalid"]


def test_the_download_is_complete_beyond_the_report_samples(api: Api) -> None:
    token = api.token("ana")
    assert api.upload(token).status_code == 201  # the dataset's contract now says id is an integer
    bad = "".join(f"bad{n},x,1\n" for n in range(40))
    created = api.upload(token, ("id,name,price\n" + bad).encode(), on_error="skip")
    body = created.json()
    type_errors = next(v for v in body["validations"] if v["rule"] == "type-error")
    assert type_errors["truncated"] and len(type_errors["samples"]) < 40

    response = api.client.get(
        f"/uploads/{body['id']}/errors.csv", headers={"Authorization": f"Bearer {token}"}
    )

    assert len(rows_of(response)) == 1 + 40


def test_other_users_get_404_and_admins_may_download(api: Api) -> None:
    created = api.upload(api.token("ana"), MIXED, on_error="skip")
    path = f"/uploads/{created.json()['id']}/errors.csv"

    other = api.client.get(path, headers={"Authorization": f"Bearer {api.token('bea')}"})
    admin = api.client.get(path, headers={"Authorization": f"Bearer {api.token('root')}"})

    assert_problem(other, 404, "no upload")
    assert admin.status_code == 200 and len(rows_of(admin)) == 4


def test_no_token_is_401(api: Api) -> None:
    assert api.client.get("/uploads/whatever/errors.csv").status_code == 401
