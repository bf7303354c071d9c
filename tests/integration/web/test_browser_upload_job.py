"""In Chromium: an upload processed as a job shows its phases and row counts, then the final report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.web.live_service import LiveService, live_service
from tests.integration.web.test_browser import chromium as chromium  # the fixture
from tests.integration.web.test_browser import log_in, shot

pytestmark = pytest.mark.integration

ROWS = 30_000
CLEAN = "id,amount,note\n" + "".join(f"{i},{i * 10},r{i}\n" for i in range(1, ROWS + 1))
PHASES = {
    "en-US": ("waiting for a worker", "Validating the rows", "Loading the valid rows"),
    "es-ES": ("espera a un proceso de trabajo", "Validando las filas", "Cargando las filas válidas"),
}
DONE = {"en-US": ("Done.", "30,000 rows validated, 30,000 rows loaded"),
        "es-ES": ("Hecho.", "30.000 filas validadas, 30.000 filas cargadas")}  # fmt: skip
WATCH = """() => {
  window.shown = [];
  const state = document.getElementById("progress-state");
  new MutationObserver(() => window.shown.push(state.textContent)).observe(
    state, {childList: true, characterData: true, subtree: true});
}"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("live-jobs")) as running:
        yield running


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_a_job_shows_its_phases_and_rows_then_the_report(  # type: ignore[no-untyped-def]
    chromium, service: LiveService, tmp_path: Path, locale: str
) -> None:
    context = chromium.new_context(locale=locale)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        events: list[str] = []
        page.on("request", lambda request: events.append(request.url) if "/events" in request.url else None)
        log_in(page, service)
        path = tmp_path / "many.csv"
        path.write_text(CLEAN)
        page.evaluate(WATCH)

        page.set_input_files("#file", str(path))
        page.fill("#dataset", f"job_{locale[:2]}")
        page.click("#upload-button")
        page.wait_for_selector("#report[data-upload-id]")
        shot(page, tmp_path, f"job-{locale}")

        shown: list[str] = page.evaluate("window.shown")
        assert events, "the page followed the upload's event stream"
        assert any(phase in text for text in shown for phase in PHASES[locale]), shown
        done, rows = DONE[locale]
        assert shown[-1] == done
        assert page.locator("#progress-rows").inner_text() == rows
        assert page.locator("#upload-progress").evaluate("bar => bar.value") == 100
        assert not page.locator("#upload-status").evaluate("node => node.classList.contains('failed')")
    finally:
        context.close()
