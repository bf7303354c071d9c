"""The report page's button that downloads every invalid row, for the session's user only."""

from __future__ import annotations

import csv
import html as markup
import io
import re

import pytest
from python_calamine import CalamineWorkbook
from tests.support.workbooks import workbook
from tests.unit.entrypoints.web.web_browser import Browser

pytestmark = pytest.mark.unit

WITH_ERRORS = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n2,Luis,7.25\n"
CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"


def download_link(html: str) -> str | None:
    found = re.search(r'id="download-errors" href="([^"]+)"', html)
    return found.group(1) if found else None


def test_a_report_with_invalid_rows_links_to_their_download(browser: Browser) -> None:
    browser.log_in("ana")
    link = download_link(browser.upload(WITH_ERRORS).text)
    assert link is not None and link.endswith("/errors.csv?lang=en")

    response = browser.client.get(link)

    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["row", "id", "name", "price", "reasons"]
    assert rows[1][:4] == ["4", "2", "Luis", "7.25"] and rows[1][4].startswith("duplicate-row")


def test_beside_the_csv_a_button_downloads_the_same_rows_as_a_workbook(browser: Browser) -> None:
    browser.log_in("ana")
    html = browser.upload(WITH_ERRORS).text
    found = re.search(r'id="download-errors-xlsx" href="([^"]+)"', html)
    assert found is not None and found.group(1).endswith("/errors.xlsx?lang=en")

    response = browser.client.get(found.group(1))

    assert response.status_code == 200 and response.headers["content-type"].endswith(".sheet")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["row", "id", "name", "price", "reasons"]
    assert rows[1][0] == 4 and rows[1][4].startswith("duplicate-row")


def test_a_clean_report_has_no_download_button(browser: Browser) -> None:
    browser.log_in("ana")
    html = browser.upload(CLEAN).text
    assert download_link(html) is None and "download-errors-xlsx" not in html


def test_someone_elses_errors_are_not_found(browser: Browser) -> None:
    browser.log_in("ana")
    link = download_link(browser.upload(WITH_ERRORS).text)
    browser.client.cookies.clear()
    browser.log_in("bea")

    assert link is not None and browser.client.get(link).status_code == 404


def test_a_spanish_page_downloads_spanish_reasons(browser: Browser) -> None:
    # The page's language rides on its links (`?lang=es`), whatever the download request's headers say.
    browser.client.headers["Accept-Language"] = "es-ES,es;q=0.9"
    browser.log_in("ana")
    html = browser.upload(WITH_ERRORS).text
    link = download_link(html)
    workbook = re.search(r'id="download-errors-xlsx" href="([^"]+)"', html)
    assert link is not None and link.endswith("/errors.csv?lang=es") and workbook is not None
    del browser.client.headers["Accept-Language"]

    rows = list(csv.reader(io.StringIO(browser.client.get(link).text)))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(browser.client.get(workbook.group(1)).content))

    assert rows[0] == ["fila", "id", "name", "price", "motivos"]
    assert rows[1][4] == "duplicate-row: repite una fila anterior"
    assert sheet.sheet_names == ["errores"]
    assert sheet.get_sheet_by_index(0).to_python()[1][4] == "duplicate-row: repite una fila anterior"


@pytest.mark.parametrize("button", ["download-errors", "download-errors-xlsx"])
def test_a_workbooks_buttons_download_the_sheet_its_upload_read(browser: Browser, button: str) -> None:
    rows = [line.split(",") for line in WITH_ERRORS.decode().splitlines()]
    book = workbook({"Notes": [["note"], ["the first sheet, not the data"]], "Ventas Q1": rows})
    browser.log_in("ana")
    answered = browser.upload(book, name="sales.xlsx", on_error="skip", sheet="Ventas Q1").text
    shown_again = browser.client.get(f"/ui/uploads/{report_id(answered)}?sheet=Ventas+Q1").text

    for page in (answered, shown_again):
        found = re.search(rf'id="{button}" href="([^"]+)"', page)
        assert found is not None
        link = markup.unescape(found.group(1))
        assert link.endswith("&sheet=Ventas%20Q1")

        response = browser.client.get(link)

        assert response.status_code == 200, response.text
        if button == "download-errors":
            found_rows = list(csv.reader(io.StringIO(response.text)))
        else:
            found_rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
            found_rows = found_rows.to_python()
        assert found_rows[0] == ["row", "id", "name", "price", "reasons"]
        assert found_rows[1][0] in ("4", 4) and found_rows[1][1:4] == ["2", "Luis", "7.25"]


def report_id(html: str) -> str:
    match = re.search(r'data-upload-id="([^"]+)"', html)
    assert match, html
    return match.group(1)
