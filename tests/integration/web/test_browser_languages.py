"""Switching language in Chromium keeps what is shown: the report, the form and the chosen file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.web.live_service import LiveService, live_service
from tests.integration.web.test_browser import chromium as chromium  # the fixture
from tests.integration.web.test_browser import log_in, shot
from tests.support.english_fragments import english_words

pytestmark = pytest.mark.integration

# Over a thousand bytes, a repeated row (an error) and a bad number (a sample with a message).
WITH_ERRORS = (
    "id,amount,note\n"
    + "".join(f"{i},{i * 10},row number {i}\n" for i in range(1, 80))
    + "79,790,row number 79\n"
    + "80,abc,bad\n"
)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("live-languages")) as running:
        yield running


def report_text(page) -> str:  # type: ignore[no-untyped-def]
    titles = page.locator("#validations .rule-title").all_inner_texts()
    messages = page.locator("#validations table.samples tbody td:last-child").all_inner_texts()
    return "\n".join([page.locator("#report-status").inner_text(), *titles, *messages])


def switch_language(page, language: str) -> None:  # type: ignore[no-untyped-def]
    page.click("#language-switch")
    page.wait_for_function(f"() => document.documentElement.lang === '{language}'")


def test_switching_on_the_upload_page_keeps_the_form_the_file_and_the_report(  # type: ignore[no-untyped-def]
    chromium, service: LiveService, tmp_path: Path
) -> None:
    context = chromium.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    csv = tmp_path / "orders.csv"
    csv.write_text(WITH_ERRORS)
    log_in(page, service)
    page.set_input_files("#file", str(csv))
    page.fill("#dataset", "orders_languages")
    page.check('input[name="mode"][value="replace"]')
    page.check('input[name="on_error"][value="reject"]')
    page.click("#upload-button")
    page.wait_for_selector("#report[data-upload-id]")
    english = report_text(page)
    assert "Rejected" in english and "not a valid integer" in english

    switch_language(page, "es")
    page.wait_for_selector("#report[data-upload-id] >> text=Rechazado")
    shot(page, tmp_path, "upload-report-es")

    spanish = report_text(page)
    assert "no es un valor válido de tipo entero" in spanish and "Valores" not in english
    assert english_words(spanish) == [], spanish
    assert page.locator("h1").inner_text() == "Subir un archivo CSV"
    assert page.input_value("#dataset") == "orders_languages"
    assert page.is_checked('input[name="mode"][value="replace"]')
    assert page.locator("#file").evaluate("input => input.files.length") == 1
    size = page.locator("#summary div", has_text="Tamaño").locator("dd").inner_text()
    assert size == f"{len(WITH_ERRORS):,} bytes".replace(",", ".")

    switch_language(page, "en")
    page.wait_for_selector("#report[data-upload-id] >> text=Rejected")
    assert report_text(page) == english
    assert (
        page.locator("#summary div", has_text="Size").locator("dd").inner_text()
        == f"{len(WITH_ERRORS):,} bytes"
    )
    context.close()


def test_switching_keeps_a_check_which_is_made_again_in_the_new_language(  # type: ignore[no-untyped-def]
    chromium, service: LiveService, tmp_path: Path
) -> None:
    context = chromium.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    csv = tmp_path / "check.csv"
    csv.write_text(WITH_ERRORS)
    log_in(page, service)
    page.set_input_files("#file", str(csv))
    page.fill("#dataset", "orders_check")
    page.check("#dry-run")
    page.click("#upload-button")
    page.wait_for_selector("#report >> text=would be rejected")

    switch_language(page, "es")
    page.wait_for_selector("#report >> text=El archivo se rechazaría")
    shot(page, tmp_path, "check-es")

    assert english_words(report_text(page)) == []
    assert page.is_checked("#dry-run") and page.input_value("#dataset") == "orders_check"
    context.close()


def test_a_spanish_report_page_switches_to_english_and_stays_on_the_report(  # type: ignore[no-untyped-def]
    chromium, service: LiveService, tmp_path: Path
) -> None:
    context = chromium.new_context(locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(30_000)
    csv = tmp_path / "spanish.csv"
    csv.write_text(WITH_ERRORS.replace("bad", "malo"))
    log_in(page, service)
    page.set_input_files("#file", str(csv))
    page.fill("#dataset", "pedidos")
    page.click("#upload-button")
    upload_id = page.locator("#report").get_attribute("data-upload-id")
    page.goto(f"{service.url}/ui/uploads/{upload_id}")
    spanish = report_text(page)
    assert "Rechazado" in spanish and english_words(spanish) == [], spanish

    page.click("#language-switch")
    page.wait_for_url(f"**/ui/uploads/{upload_id}?lang=en")
    shot(page, tmp_path, "report-page-en")

    assert "Rejected" in report_text(page)
    assert "not a valid integer" in report_text(page)

    page.click("#language-switch")
    page.wait_for_url(f"**/ui/uploads/{upload_id}?lang=es")
    assert report_text(page) == spanish
    context.close()
