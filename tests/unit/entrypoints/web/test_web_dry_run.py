"""The upload page's "check only" option, and its one click to load the valid rows after a check."""

from __future__ import annotations

import re

import pytest
from tests.unit.entrypoints.web.web_browser import Browser

pytestmark = pytest.mark.unit

WITH_ERRORS = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n2,Luis,7.25\n"
CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"


def test_the_form_offers_a_check_only_option(browser: Browser) -> None:
    browser.log_in("ana")
    page = browser.client.get("/ui/upload").text
    assert 'name="dry_run"' in page and 'type="checkbox"' in page


def test_a_check_with_errors_keeps_nothing_and_offers_to_load_the_valid_rows(browser: Browser) -> None:
    browser.log_in("ana")

    response = browser.upload(WITH_ERRORS, dry_run="true")

    assert response.status_code == 200, response.text
    html = response.text
    assert 'id="report-status">The file would be rejected' in html
    assert 'id="rows-invalid">1<' in html
    button = re.search(r'<button type="button" id="load-valid-rows" data-on-error="(\w+)">([^<]*)<', html)
    assert button and button.group(1) == "skip" and "2" in button.group(2)
    assert "data-upload-id" not in html
    assert browser.client.get("/ui/uploads").text.count("/ui/uploads/") == 0


def test_a_clean_check_offers_no_second_click(browser: Browser) -> None:
    browser.log_in("ana")
    html = browser.upload(CLEAN, dry_run="true").text
    assert 'id="report-status">The file would be loaded' in html and "load-valid-rows" not in html


def test_the_page_script_resends_with_skip_and_without_the_check(browser: Browser) -> None:
    script = browser.client.get("/static/app.js").text
    assert '"#load-valid-rows"' in script and 'querySelector("#dry-run").checked = false' in script


def test_the_page_takes_a_workbook_and_its_sheet(browser: Browser) -> None:
    from datetime import date

    from tests.support.workbooks import workbook

    browser.log_in("ana")
    content = workbook(
        {"Notes": [["x"]], "Sales": [["id", "day"], [1, date(2024, 3, 5)], [2, date(2024, 3, 6)]]}
    )
    page = browser.client.get("/ui/upload").text

    response = browser.upload(content, name="sales.xlsx", sheet="Sales")

    assert ".xlsx" in page and 'name="sheet"' in page
    assert response.status_code == 200, response.text
    assert 'id="report-status">Loaded' in response.text and 'id="rows-loaded">2<' in response.text
