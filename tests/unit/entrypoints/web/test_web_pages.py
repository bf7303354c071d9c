"""Uploading from the page, the report, the history and the datasets, in English and Spanish."""

from __future__ import annotations

import re

import pytest
from tests.unit.entrypoints.web.web_browser import Browser

pytestmark = pytest.mark.unit

WITH_ERRORS = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n2,Luis,7.25\n"
CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"


def validation_rows(html: str) -> list[tuple[str, str]]:
    """(rule, result class) of each validation row, in page order."""
    return re.findall(r'<tr class="result-(\w+) severity-\w+" data-rule="([^"]+)"', html)


def test_an_upload_with_errors_shows_the_rejected_report_with_failed_rules_first(browser: Browser) -> None:
    browser.log_in("ana")

    response = browser.upload(WITH_ERRORS)

    assert response.status_code == 200, response.text
    html = response.text
    assert "<html" not in html  # a fragment for the page's script
    assert 'id="report-status">Rejected: nothing was loaded' in html
    assert 'id="rows-total">3<' in html and 'id="rows-loaded">0<' in html
    results = [result for result, _ in validation_rows(html)]
    assert "failed" in results and "passed" in results
    assert results == sorted(results, key=lambda r: r != "failed")
    assert re.search(r'<td class="num"[^>]*>4</td>', html)  # the duplicate's sample names its row


def test_a_plain_form_post_gets_a_whole_page(browser: Browser) -> None:
    browser.log_in("ana")
    csrf = browser.csrf()

    response = browser.client.post(
        "/ui/upload", files={"file": ("s.csv", CLEAN, "text/csv")}, data={"dataset": "sales", "_csrf": csrf}
    )

    assert response.status_code == 200, response.text
    assert "<html" in response.text and 'id="report-status">Loaded' in response.text


def test_an_api_error_is_shown_as_a_sentence_not_json(browser: Browser) -> None:
    browser.log_in("ana")

    response = browser.upload(CLEAN, dataset="Bad Name!")

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    message = re.search(r'<p id="error-message">(.*?)</p>', response.text, re.S)
    assert message and message.group(1).startswith("The upload could not be completed.")
    assert message.group(1).rstrip().endswith(".") and "{" not in message.group(1)


def test_the_same_file_twice_links_to_the_first_report(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(CLEAN)

    response = browser.upload(CLEAN)

    assert response.status_code == 409
    assert 'href="/ui/uploads/' in response.text


def test_the_history_lists_uploads_newest_first_each_opening_its_report(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(CLEAN, name="first.csv")
    browser.upload(WITH_ERRORS, name="second.csv", on_error="skip")

    history = browser.client.get("/ui/uploads").text

    assert history.index("second.csv") < history.index("first.csv")
    report_path = re.search(r'href="(/ui/uploads/[^"]+)">second.csv', history).group(1)  # type: ignore[union-attr]
    report = browser.client.get(report_path)
    assert report.status_code == 200 and "Report: second.csv" in report.text


def test_the_history_shows_only_the_users_own_uploads_but_an_admin_sees_all(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(CLEAN, name="anas.csv")
    browser.client.cookies.clear()

    browser.log_in("bea")
    assert "anas.csv" not in browser.client.get("/ui/uploads").text
    browser.client.cookies.clear()

    browser.log_in("root")
    page = browser.client.get("/ui/uploads").text
    assert "All uploads" in page and "anas.csv" in page


def test_someone_elses_report_is_not_found(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(CLEAN)
    path = re.search(r'href="(/ui/uploads/[^"]+)"', browser.client.get("/ui/uploads").text).group(1)  # type: ignore[union-attr]
    browser.client.cookies.clear()
    browser.log_in("bea")

    response = browser.client.get(path)

    assert response.status_code == 404 and "There is nothing at this address." in response.text


def test_the_datasets_page_shows_columns_types_and_row_counts(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(CLEAN)

    page = browser.client.get("/ui/datasets").text

    assert 'id="dataset-sales"' in page and "2 rows" in page
    assert "<code>price</code>" in page and "decimal" in page
    assert '<option value="sales">' in browser.client.get("/ui/upload").text


def test_accept_language_es_gives_the_page_in_spanish(browser: Browser) -> None:
    page = browser.client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}).text

    assert '<html lang="es">' in page and "Iniciar sesión" in page and "Entrar como invitado" in page


def test_the_language_switch_is_remembered(browser: Browser) -> None:
    browser.client.get("/?lang=es")

    page = browser.client.get("/", headers={"Accept-Language": "en"}).text

    assert '<html lang="es">' in page
    assert browser.client.get("/?lang=en").text.count('lang="en"') >= 1


def test_the_report_is_in_spanish_too(browser: Browser) -> None:
    browser.client.get("/?lang=es")
    browser.log_in("ana")

    response = browser.upload(WITH_ERRORS)

    assert "Rechazado: no se cargó nada" in response.text and "Validaciones" in response.text
