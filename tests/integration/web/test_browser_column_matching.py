"""Column matching in Chromium: a file refused for its headers shows the file's columns beside the
dataset's with proposals preselected; confirming remembers the pairing and sends the same file again,
and the next file with those headers loads mapped. In both languages, with axe-core at each state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.web.live_service import LiveService, live_service
from tests.integration.web.test_browser import chromium as chromium  # the fixture
from tests.integration.web.test_browser import log_in, shot
from tests.integration.web.test_browser_people_flows import assert_fits, send, written
from tests.support.accessibility import axe_violations

pytestmark = pytest.mark.integration

ESTABLISHING = "fecha_venta,cliente,amount\n2026-11-01,Ana,10.50\n2026-11-02,Luis,7.25\n"
SPANISH = "Fecha de venta,Cliente,Importe\n2026-11-30,Eva,3.10\n2026-12-01,Rosa,4.20\n"
NEXT_MONTH = "Importe,Cliente,Fecha de venta\n5.50,Marta,2027-01-02\n"
TEXTS = {
    "en-US": {
        "title": "Match the file's columns with the dataset's",
        "keep": "Keep its own name",
        "loaded": "Loaded",
    },
    "es-ES": {
        "title": "Empareje las columnas del archivo con las del conjunto de datos",
        "keep": "Conservar su propio nombre",
        "loaded": "Cargado",
    },
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("live-matching")) as running:
        yield running


@pytest.fixture
def new_page(chromium):  # type: ignore[no-untyped-def]
    contexts = []

    def make(locale: str, **options):  # type: ignore[no-untyped-def]
        context = chromium.new_context(locale=locale, bypass_csp=True, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in contexts:
        context.close()


def selected(page, source: str) -> str:  # type: ignore[no-untyped-def]
    return str(page.locator(f'#matching-table select[data-source="{source}"]').input_value())


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_a_refused_file_is_matched_confirmed_and_the_next_one_loads_mapped(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path, locale: str
) -> None:
    dataset = f"ventas_{locale[:2]}"
    texts = TEXTS[locale]
    page = new_page(locale)
    log_in(page, service)
    send(page, written(tmp_path, "establishing.csv", ESTABLISHING), dataset)
    page.wait_for_selector("#report[data-upload-id]")

    send(page, written(tmp_path, "ventas.csv", SPANISH), dataset)
    page.wait_for_selector("#column-matching")
    shot(page, tmp_path, f"matching-{locale}")

    assert page.locator("#matching-heading").inner_text() == texts["title"]
    assert selected(page, "Fecha de venta") == "fecha_venta"  # a similar name
    assert selected(page, "Cliente") == "cliente"  # the same name
    assert selected(page, "Importe") == ""  # a translation: left to the person
    assert page.get_by_label("Importe").locator("option:checked").inner_text() == texts["keep"]
    assert axe_violations(page) == []

    page.get_by_label("Importe").select_option("amount")
    page.click("#matching-confirm")
    page.wait_for_selector("#report[data-upload-id] #report-status.status-loaded")
    shot(page, tmp_path, f"matched-{locale}")
    assert page.locator('#validations tr[data-rule="remembered-mapping"]').count() == 1
    assert page.locator("#column-matching").count() == 0
    assert axe_violations(page) == []

    send(page, written(tmp_path, "next.csv", NEXT_MONTH), dataset)
    page.wait_for_selector("#report[data-upload-id] #report-status.status-loaded")
    assert texts["loaded"] in page.locator("#report-status").inner_text()
    mapped = page.locator('#validations tr[data-rule="remembered-mapping"]').inner_text()
    assert "Importe" in mapped and "amount" in mapped


def test_on_a_phone_the_matching_table_fits_with_every_column(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path
) -> None:
    page = new_page("es-ES", viewport={"width": 390, "height": 844})
    log_in(page, service)
    send(page, written(tmp_path, "establishing.csv", ESTABLISHING.replace("Ana", "Pepa")), "ventas_phone")
    page.wait_for_selector("#report[data-upload-id]")
    send(page, written(tmp_path, "ventas.csv", SPANISH), "ventas_phone")
    page.wait_for_selector("#column-matching")
    shot(page, tmp_path, "matching-phone")

    assert_fits(page, "#matching-table", 3)
    assert axe_violations(page) == []
