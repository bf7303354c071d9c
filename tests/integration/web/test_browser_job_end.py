"""In Chromium, in English and Spanish: a job that ends `failed` and a job the user cancels leave no blue
bar behind, say what happened, and show the report; axe-core finds nothing on either page state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.web.live_service import LiveService, live_service
from tests.integration.web.test_browser import chromium as chromium  # the fixture
from tests.integration.web.test_browser import log_in, shot
from tests.support.accessibility import axe_violations

pytestmark = pytest.mark.integration

# Large enough that validating it takes seconds on this machine, so the Cancel button can be pressed.
MANY = "id,amount,note\n" + "".join(f"{i},{i * 10},row {i}\n" for i in range(1, 400_001))
SAID = {
    "en-US": {
        "failed": "The upload failed; nothing was loaded.",
        "cancelled": "The upload was cancelled; nothing was loaded.",
        "cancel": "Cancel the upload",
        "report_cancelled": "Cancelled: nothing was loaded",
        "report_failed": "Failed: nothing was loaded",
        "expected": "(of about 400,000 rows)",
    },
    "es-ES": {
        "failed": "La subida falló",
        "cancelled": "La subida se canceló; no se cargó nada.",
        "cancel": "Cancelar la subida",
        "report_cancelled": "Cancelado: no se cargó nada",
        "report_failed": "Fallido: no se cargó nada",
        "expected": "(de unas 400.000 filas)",
    },
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("live-job-end")) as running:
        yield running


@pytest.fixture
def new_page(chromium):  # type: ignore[no-untyped-def]
    contexts = []

    def make(locale: str):  # type: ignore[no-untyped-def]
        # bypass_csp: axe-core is injected as a script tag.
        context = chromium.new_context(locale=locale, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(120_000)
        return page

    yield make
    for context in contexts:
        context.close()


def workbook(path: Path) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Ventas")
    for row, values in enumerate([("id", "amount"), (1, 10), (2, 20)]):
        sheet.write_row(row, 0, values)
    book.close()
    return path


def assert_no_blue_bar(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator("#upload-status").evaluate("node => node.classList.contains('failed')")
    assert page.locator("#upload-progress").evaluate("bar => bar.value") == 0
    assert page.locator("#progress-percent").inner_text() == "0 %"
    assert page.locator("#cancel-button").is_hidden()


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_a_job_that_fails_in_its_worker_leaves_no_full_bar_and_says_why(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path, locale: str
) -> None:
    page = new_page(locale)
    log_in(page, service)
    # The sheet is only looked for by the worker, after the 202: the job itself ends `failed`.
    page.set_input_files("#file", str(workbook(tmp_path / "ventas.xlsx")))
    page.fill("#dataset", f"job_failed_{locale[:2]}")
    page.fill("#sheet", "Nope")
    page.click("#upload-button")
    page.wait_for_selector("#report[data-upload-id]")
    shot(page, tmp_path, f"job-failed-{locale}")

    assert SAID[locale]["failed"] in page.locator("#progress-state").inner_text()
    assert_no_blue_bar(page)
    report = page.locator("#upload-result").inner_text()
    assert SAID[locale]["report_failed"] in report and "Nope" in report
    assert axe_violations(page) == []


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_a_job_cancelled_from_the_page_loads_nothing_and_says_so(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path, locale: str
) -> None:
    page = new_page(locale)
    log_in(page, service)
    path = tmp_path / "many.csv"
    path.write_text(MANY)
    page.set_input_files("#file", str(path))
    page.fill("#dataset", f"job_cancel_{locale[:2]}")
    page.click("#upload-button")
    cancel = page.locator("#cancel-button")
    cancel.wait_for(state="visible")
    assert cancel.inner_text() == SAID[locale]["cancel"]
    # The row count the server expects reached the page (a percentage and estimate are based on it).
    page.locator("#progress-rows", has_text=SAID[locale]["expected"]).wait_for()
    running = axe_violations(page)  # the page while a job runs, with its Cancel button
    cancel.click()
    page.wait_for_selector("#report[data-upload-id]")
    shot(page, tmp_path, f"job-cancelled-{locale}")

    assert running == []
    assert page.locator("#progress-state").inner_text() == SAID[locale]["cancelled"]
    assert_no_blue_bar(page)
    assert SAID[locale]["report_cancelled"] in page.locator("#upload-result").inner_text()
    assert axe_violations(page) == []
    page.goto(service.url + "/ui/uploads")
    assert SAID[locale]["report_cancelled"] in page.locator("body").inner_text()
    assert axe_violations(page) == []  # the history with a cancelled upload
