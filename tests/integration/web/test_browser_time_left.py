"""In Chromium, in English and Spanish: while a job's file is still being validated, the page shows its
percentage and "About N s left." under the bar (rows validated are reported during validation, not only
at its end); axe-core finds nothing on that page state."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.web.live_service import LiveService, live_service
from tests.integration.web.test_browser import chromium as chromium  # the fixture
from tests.integration.web.test_browser import log_in, shot
from tests.support.accessibility import axe_violations

pytestmark = pytest.mark.integration

# Large enough that validating it takes several seconds here, longer than a progress report's period.
ROWS = 1_000_000
MANY = "id,amount,note\n" + "".join(f"{i},{i * 10},row {i}\n" for i in range(1, ROWS + 1))
SAID = {
    "en-US": {"validating": "Validating the rows…", "left": r"^About \d+ (s|min) left\.$"},
    "es-ES": {"validating": "Validando las filas…", "left": r"^Quedan unos \d+ (s|min)\.$"},
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("live-time-left")) as running:
        yield running


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("files") / "many.csv"
    path.write_text(MANY)
    return path


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


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_the_time_left_shows_while_the_file_is_validated(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, many: Path, tmp_path: Path, locale: str
) -> None:
    said = SAID[locale]
    page = new_page(locale)
    log_in(page, service)
    page.set_input_files("#file", str(many))
    page.fill("#dataset", f"time_left_{locale[:2]}")
    page.click("#upload-button")
    # The estimate under the bar while the phase is still validation: before, rows came only at its end.
    page.wait_for_function(
        """([validating, left]) => {
            const state = document.querySelector("#progress-state");
            const estimate = document.querySelector("#progress-estimate");
            return state && estimate && state.textContent === validating
                && new RegExp(left).test(estimate.textContent);
        }""",
        arg=[said["validating"], said["left"]],
        polling=100,
    )
    estimate = page.locator("#progress-estimate").inner_text()
    percent = page.locator("#progress-percent").inner_text()
    rows = page.locator("#progress-rows").inner_text()  # "4,096 rows validated, 0 rows loaded (of about …)"
    shot(page, tmp_path, f"time-left-{locale}")
    during = axe_violations(page)  # the page while a job validates, with its estimate and Cancel button

    assert re.match(said["left"], estimate), estimate
    assert 0 < int(re.sub(r"\D", "", rows.split(" ", 1)[0])) < ROWS, rows
    assert int(percent.rstrip(" %")) <= 50, percent  # validation is the first half of the work
    assert during == []
    page.wait_for_selector("#report[data-upload-id]")
    assert page.locator("#upload-progress").evaluate("bar => bar.value") == 100
