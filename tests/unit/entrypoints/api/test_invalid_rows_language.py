"""errors.csv and errors.xlsx follow Accept-Language: the added columns' names and every reason."""

from __future__ import annotations

import csv
import io

import pytest
from python_calamine import CalamineWorkbook
from tests.support.english_fragments import english_words

from domain.validation.row_findings import RowReason
from entrypoints.i18n.row_reasons import localised_reason

from .test_invalid_rows_http import MIXED
from .test_upload_http import Api, api

pytestmark = pytest.mark.unit
__all__ = ["api"]

SPANISH = {"Accept-Language": "es-ES,es;q=0.9"}
# Beside MIXED's bad id, missing name, extra cell and duplicate: a short row and a bad price.
MESSIER = MIXED + b"33,Ana\n34,Rosa,abc\n"


def reasons_prose(cell: str) -> str:
    """A reasons cell without what stays in every language: each reason's rule id and column name."""
    return " ".join(reason.partition(":")[2] for reason in cell.split("; "))


def download(api: Api, extension: str, headers: dict[str, str]) -> tuple[list[list[str]], object]:
    token = api.token("ana")
    created = api.upload(token, MESSIER, on_error="skip")
    assert created.status_code == 201, created.text
    response = api.client.get(
        f"/uploads/{created.json()['id']}/errors.{extension}",
        headers={"Authorization": f"Bearer {token}", **headers},
    )
    assert response.status_code == 200, response.text
    if extension == "csv":
        return list(csv.reader(io.StringIO(response.text))), response
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = [
        [str(int(c)) if isinstance(c, float) else str(c) for c in row]
        for row in book.get_sheet_by_index(0).to_python()
    ]
    return rows, response


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_spanish_reasons_have_no_english(api: Api, extension: str) -> None:
    rows, response = download(api, extension, SPANISH)

    assert [name for name in rows[0] if name] == ["fila", "id", "name", "price", "motivos"]
    assert response.headers["content-language"] == "es"  # type: ignore[attr-defined]
    # The reasons are the last cell (a worksheet pads rows to the widest: the last non-empty one).
    reasons = [next(cell for cell in reversed(row) if cell) for row in rows[1:]]
    assert len(reasons) == 5
    for cell in reasons:
        assert english_words(reasons_prose(cell)) == [], cell
    # Rule ids, column names and values are data: they stay as they are.
    assert reasons[0] == "type-error (id): 'x' no es un valor válido de tipo entero"
    assert "extra-cell: 4 celdas, el encabezado tiene 3" in reasons
    assert "duplicate-row: repite una fila anterior" in reasons


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_without_accept_language_the_download_stays_english(api: Api, extension: str) -> None:
    rows, _ = download(api, extension, {})

    assert [name for name in rows[0] if name] == ["row", "id", "name", "price", "reasons"]
    assert rows[1][4] == "type-error (id): 'x' not a valid integer"


def test_a_reason_keeps_its_parts_and_reads_as_before() -> None:
    reason = RowReason("type-error", "not a valid decimal", column="price", value="1,5")

    assert reason == "type-error (price): '1,5' not a valid decimal"
    assert localised_reason(reason, "es") == "type-error (price): '1,5' no es un valor válido de tipo decimal"
    assert localised_reason(reason, "en") is reason
    assert localised_reason(RowReason("missing-cell", "2 cells, the header has 3"), "es") == (
        "missing-cell: 2 celdas, el encabezado tiene 3"
    )
