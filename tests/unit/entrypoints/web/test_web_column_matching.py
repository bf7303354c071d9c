"""The column matching screen under a report refused for its headers, and the route its form posts to."""

from __future__ import annotations

import re

import pytest
from tests.unit.entrypoints.web.web_browser import XHR, Browser

pytestmark = pytest.mark.unit

ESTABLISHING = b"fecha_venta,cliente,amount\n2026-11-01,Ana,10.50\n2026-11-02,Luis,7.25\n"
SPANISH = b"Fecha de venta,Cliente,Importe\n2026-11-30,Eva,3.10\n"


def chosen(html: str, source: str) -> str | None:
    """The option preselected in the select of file column `source` ("" for "keep its own name")."""
    select = re.search(rf'<select [^>]*data-source="{re.escape(source)}">(.*?)</select>', html, re.S)
    assert select, html
    option = re.search(r'<option value="([^"]*)" selected>', select.group(1))
    return option.group(1) if option else ""


def remember(browser: Browser, body: object, csrf: str | None = None):  # type: ignore[no-untyped-def]
    headers = {**XHR, "X-CSRF-Token": csrf if csrf is not None else browser.csrf()}
    return browser.client.post("/ui/datasets/ventas/column-mappings", json=body, headers=headers)


def test_a_file_refused_for_its_headers_shows_the_proposed_pairs(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(ESTABLISHING, dataset="ventas")

    html = browser.upload(SPANISH, dataset="ventas").text

    assert 'id="column-matching"' in html
    assert chosen(html, "Fecha de venta") == "fecha_venta"
    assert chosen(html, "Cliente") == "cliente"
    assert chosen(html, "Importe") == ""
    for index in (1, 2, 3):  # every select has its label: the file column's name
        assert f'<label for="match-{index}">' in html and f'id="match-{index}"' in html


def test_a_report_without_a_header_mismatch_has_no_matching_screen(browser: Browser) -> None:
    browser.log_in("ana")
    html = browser.upload(ESTABLISHING, dataset="ventas").text

    assert 'id="report-status">Loaded' in html and "column-matching" not in html


def test_the_screen_is_in_spanish_for_a_spanish_browser(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(ESTABLISHING, dataset="ventas")

    html = browser.client.post(
        "/ui/upload",
        headers={**XHR, "X-CSRF-Token": browser.csrf(), "Accept-Language": "es"},
        files={"file": ("ventas.csv", SPANISH, "text/csv")},
        data={"dataset": "ventas"},
    ).text

    assert "Empareje las columnas del archivo" in html and "Conservar su propio nombre" in html


def test_confirming_remembers_the_pairs_and_the_same_file_then_loads(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(ESTABLISHING, dataset="ventas")
    body = {"headers": ["Fecha de venta", "Cliente", "Importe"], "columns": {"Importe": "amount"}}
    body["columns"]["Fecha de venta"] = "fecha_venta"  # type: ignore[index]

    assert remember(browser, body, csrf="forged").status_code == 403
    saved = remember(browser, body)
    html = browser.upload(SPANISH, dataset="ventas").text

    assert saved.status_code == 201, saved.text
    assert 'id="report-status">Loaded' in html and 'data-rule="remembered-mapping"' in html


def test_a_pair_that_cannot_hold_is_told_on_the_page(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(ESTABLISHING, dataset="ventas")

    response = remember(browser, {"headers": ["Importe"], "columns": {"Importe": "importe"}})

    assert response.status_code == 400
    assert "is not a column of dataset" in response.text and 'role="alert"' in response.text


def test_the_report_on_its_own_page_proposes_nothing(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(ESTABLISHING, dataset="ventas")
    refused = browser.upload(SPANISH, dataset="ventas").text
    upload_id = re.search(r'data-upload-id="([^"]+)"', refused)
    assert upload_id

    page = browser.client.get(f"/ui/uploads/{upload_id.group(1)}").text

    assert 'id="report-status"' in page and "column-matching" not in page


def test_a_check_only_refused_for_its_headers_shows_the_screen_too(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(ESTABLISHING, dataset="ventas")

    html = browser.upload(SPANISH, dataset="ventas", dry_run="true").text

    assert "The file would be rejected" in html and 'id="column-matching"' in html
    assert chosen(html, "Cliente") == "cliente"
