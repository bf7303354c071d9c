"""GET /uploads/{id}/errors.xlsx through Litestar's test client: the CSV's content, as a workbook."""

from __future__ import annotations

import csv
import io

import pytest
from python_calamine import CalamineWorkbook

from entrypoints.api import invalid_rows_workbook

from .test_invalid_rows_http import MIXED
from .test_upload_http import Api, api, assert_problem

pytestmark = pytest.mark.unit
__all__ = ["api"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_of(response) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()


def trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without trailing empty cells (a worksheet pads every row to its widest)."""
    return [row[: max((i + 1 for i, cell in enumerate(row) if cell), default=0)] for row in rows]


def as_text(rows: list[list[object]]) -> list[list[str]]:
    """Workbook cells as the CSV writes them: the row number without '.0', the rest as written."""
    return trimmed([[str(int(c)) if isinstance(c, float) else str(c) for c in row] for row in rows])


def test_the_workbook_holds_the_same_rows_as_the_csv(api: Api) -> None:
    token = api.token("ana")
    created = api.upload(token, MIXED, on_error="skip")
    headers = {"Authorization": f"Bearer {token}"}
    path = f"/uploads/{created.json()['id']}/errors"

    workbook = api.client.get(path + ".xlsx", headers=headers)
    text = api.client.get(path + ".csv", headers=headers).text

    assert workbook.status_code == 200, workbook.text
    assert workbook.headers["content-type"] == XLSX
    assert 'filename="sales-errors.xlsx"' in workbook.headers["content-disposition"]
    rows = sheet_of(workbook)
    assert as_text(rows)[0] == ["row", "id", "name", "price", "reasons"]
    assert rows[1][0] == 32  # a number a spreadsheet sorts, not text
    assert as_text(rows) == trimmed(list(csv.reader(io.StringIO(text))))
    assert len(rows) - 1 == created.json()["rows"]["invalid"] == 3


def test_a_cell_that_looks_like_a_formula_stays_text(api: Api) -> None:
    token = api.token("ana")
    good = "".join(f"{n},name{n},{n}.5\n" for n in range(1, 31))
    created = api.upload(
        token, ("id,name,price\n" + good + "=1+1,=HYPERLINK(1),x\n").encode(), on_error="skip"
    )

    response = api.client.get(
        f"/uploads/{created.json()['id']}/errors.xlsx", headers={"Authorization": f"Bearer {token}"}
    )

    assert sheet_of(response)[1][1:3] == ["=1+1", "=HYPERLINK(1)"]
    assert b"<f>" not in _sheet_xml(response.content)


def _sheet_xml(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_more_invalid_rows_than_a_worksheet_holds_is_a_clear_400(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(invalid_rows_workbook, "MAX_ROWS", 2)
    token = api.token("ana")
    created = api.upload(token, MIXED, on_error="skip")

    response = api.client.get(
        f"/uploads/{created.json()['id']}/errors.xlsx", headers={"Authorization": f"Bearer {token}"}
    )

    assert_problem(response, 400, "download errors.csv instead")


def test_others_get_404_admins_may_download_and_no_token_is_401(api: Api) -> None:
    created = api.upload(api.token("ana"), MIXED, on_error="skip")
    path = f"/uploads/{created.json()['id']}/errors.xlsx"

    other = api.client.get(path, headers={"Authorization": f"Bearer {api.token('bea')}"})
    admin = api.client.get(path, headers={"Authorization": f"Bearer {api.token('root')}"})

    assert_problem(other, 404, "no upload")
    assert admin.status_code == 200 and len(sheet_of(admin)) == 4
    assert api.client.get(path).status_code == 401


def test_the_openapi_document_lists_the_workbook_and_its_problems(api: Api) -> None:
    operation = api.client.get("/schema/openapi.json").json()["paths"]["/uploads/{upload_id}/errors.xlsx"][
        "get"
    ]

    assert XLSX in operation["responses"]["200"]["content"]
    assert {"400", "401", "404", "503"} <= set(operation["responses"])
