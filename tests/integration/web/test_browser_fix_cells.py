"""In Chromium, in English and Spanish: a rejected upload's failing cells are corrected on its report and sent
as a new upload that names it; refused attempts show in the history apart from rejections."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.web.live_service import LiveService, live_service
from tests.integration.web.test_browser import chromium as chromium  # the fixture
from tests.integration.web.test_browser import log_in, shot
from tests.integration.web.test_browser_people_flows import send, written
from tests.support.accessibility import axe_violations

pytestmark = pytest.mark.integration

# Codes with leading zeros stay text; rows 3 and 5 have a price that is no number.
BAD = (
    "code,name,price\n0001,Ana,1.50\n0002,Luis,abc\n"
    + "".join(f"{i:04d},N{i},{i}.25\n" for i in range(3, 4))
    + "0004,Eva,x1\n"
    + "".join(f"{i:04d},N{i},{i}.25\n" for i in range(5, 30))
)
TEXT = {
    "en-US": {
        "title": "Fix cells and upload again",
        "cell": "Row 3, column price",
        "loaded": "Loaded",
        "corrects": "Corrects upload",
        "duplicate": "Refused: already loaded",
        "rejected": "Rejected: nothing was loaded",
        "not_validated": "not validated",
    },
    "es-ES": {
        "title": "Corregir celdas y volver a subir",
        "cell": "Fila 3, columna price",
        "loaded": "Cargado",
        "corrects": "Corrige la subida",
        "duplicate": "No admitido: ya cargado",
        "rejected": "Rechazado: no se cargó nada",
        "not_validated": "no validado",
    },
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("live-fix-cells")) as running:
        yield running


@pytest.fixture
def new_page(chromium):  # type: ignore[no-untyped-def]
    contexts = []

    def make(locale: str = "en-US", **options):  # type: ignore[no-untyped-def]
        # axe-core is injected as an inline script, which the pages' CSP refuses otherwise.
        context = chromium.new_context(locale=locale, bypass_csp=True, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_failing_cells_are_fixed_on_the_report_and_loaded_as_a_new_upload(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path, locale: str
) -> None:
    text = TEXT[locale]
    dataset = f"fix_{locale[:2]}"
    page = new_page(locale)
    log_in(page, service)
    send(page, written(tmp_path, "prices.csv", BAD), dataset)
    page.wait_for_selector("#report[data-upload-id]")
    original = page.locator("#report").get_attribute("data-upload-id")
    page.goto(f"{service.url}/ui/uploads/{original}")
    shot(page, tmp_path, f"fix-form-{locale}")

    assert page.locator("#fix-title").inner_text() == text["title"]
    assert axe_violations(page) == []
    field = page.get_by_label(text["cell"])
    assert field.input_value() == "abc"
    field.fill("2.50")
    page.locator('#fix-form input[data-row="5"][data-column="price"]').fill("4.75")
    page.click("#fix-submit")
    page.wait_for_url(f"{service.url}/ui/uploads/**")
    shot(page, tmp_path, f"fix-result-{locale}")

    new_id = page.locator("#report").get_attribute("data-upload-id")
    assert new_id != original
    assert page.locator("#report-status").inner_text() == text["loaded"]
    assert page.locator("#rows-loaded").inner_text() == "29"
    assert text["corrects"] in page.locator("#summary").inner_text()
    assert page.locator("#corrects").get_attribute("href") == f"/ui/uploads/{original}"
    assert page.locator("#fix-cells").count() == 0  # nothing left to fix
    assert axe_violations(page) == []

    # The same file sent again is refused before validation, and the history tells that apart.
    page.goto(service.url + "/ui/upload")
    send(page, written(tmp_path, "prices.csv", BAD), dataset)
    page.wait_for_selector("#report[data-upload-id]")
    page.goto(service.url + "/ui/uploads")
    shot(page, tmp_path, f"history-refused-{locale}")
    rows = page.locator("#history tbody tr")
    refused = page.locator("#history tbody tr.refused")
    assert rows.count() >= 3
    assert axe_violations(page) == []
    # The second copy of the rejected file is validated again (it was never loaded): rejected, not refused.
    assert refused.count() == 0
    assert text["rejected"] in rows.nth(0).inner_text()


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_a_duplicate_is_listed_as_refused_in_the_history(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path, locale: str
) -> None:
    text = TEXT[locale]
    page = new_page(locale)
    log_in(page, service)
    clean = written(tmp_path, "clean.csv", f"id,name\n1,{locale}\n2,b\n")
    send(page, clean, f"dup_{locale[:2]}")
    page.wait_for_selector("#report[data-upload-id]")
    page.goto(service.url + "/ui/upload")
    send(page, clean, f"dup_{locale[:2]}")
    page.wait_for_selector("#upload-result .error-box, #upload-result .error")

    page.goto(service.url + "/ui/uploads")
    shot(page, tmp_path, f"history-duplicate-{locale}")

    refused = page.locator("#history tbody tr.refused").first
    assert refused.get_attribute("data-refusal") == "duplicate"
    assert text["duplicate"] in refused.inner_text() and text["not_validated"] in refused.inner_text()
    assert refused.locator("a").count() == 0  # no report to open: nothing was validated
    assert axe_violations(page) == []


def test_a_phone_shows_the_fix_form_without_sideways_scrolling(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path
) -> None:
    page = new_page("en-US", viewport={"width": 390, "height": 844})
    log_in(page, service)
    send(page, written(tmp_path, "phone.csv", BAD), "fix_phone")
    page.wait_for_selector("#report[data-upload-id]")
    original = page.locator("#report").get_attribute("data-upload-id")
    page.goto(f"{service.url}/ui/uploads/{original}")
    shot(page, tmp_path, "fix-phone")

    assert page.locator("#fix-form").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
