"""axe-core over every page state, in English and in Spanish: zero violations.

States: login, the guest's page, the upload form, a passed and a failed report (in the upload page
and on its own page), a dry run's check, the history and the datasets page.
axe-core is vendored under tests/support/axe (no CDN, no npm at test time).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.web.live_service import LiveService, live_service
from tests.integration.web.test_browser import chromium as chromium  # the fixture
from tests.integration.web.test_browser import log_in, shot
from tests.support.accessibility import axe_violations

pytestmark = pytest.mark.integration

CLEAN = "id,amount,note\n" + "".join(f"{i},{i * 10},row {i}\n" for i in range(1, 30))
WITH_ERRORS = CLEAN + "29,290,row 29\n30,abc,bad\n"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("live-axe")) as running:
        yield running


def check(page, tmp_path: Path, state: str) -> list[str]:  # type: ignore[no-untyped-def]
    shot(page, tmp_path, state)
    return [f"{state}: {line}" for line in axe_violations(page)]


def upload(page, path: Path, dataset: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.url.split("/ui/")[0] + "/ui/upload")
    page.set_input_files("#file", str(path))
    page.fill("#dataset", dataset)
    page.click("#upload-button")
    page.wait_for_selector("#report[data-upload-id]")


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_every_page_state_has_no_axe_violations(  # type: ignore[no-untyped-def]
    chromium, service: LiveService, tmp_path: Path, locale: str
) -> None:
    context = chromium.new_context(locale=locale, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    clean, failed = tmp_path / "clean.csv", tmp_path / "failed.csv"
    clean.write_text(CLEAN)
    failed.write_text(WITH_ERRORS)
    dataset = f"axe_{locale[:2]}"
    found: list[str] = []

    page.goto(service.url + "/")
    found += check(page, tmp_path, "login")
    page.click("#anonymous")
    page.wait_for_url("**/ui/upload")
    found += check(page, tmp_path, "guest")
    page.click("#logout")
    page.wait_for_url(service.url + "/")

    log_in(page, service)
    found += check(page, tmp_path, "upload-form")
    upload(page, clean, dataset)
    found += check(page, tmp_path, "report-passed")
    upload(page, failed, dataset)
    found += check(page, tmp_path, "report-failed")
    page.goto(service.url + "/ui/upload")
    page.set_input_files("#file", str(failed))
    page.fill("#dataset", dataset)
    page.check("#dry-run")
    page.click("#upload-button")
    page.wait_for_selector("#load-valid-rows")
    found += check(page, tmp_path, "check-report")
    page.goto(service.url + "/ui/uploads")
    found += check(page, tmp_path, "history")
    page.click("#history tbody a >> nth=0")
    page.wait_for_selector("#report")
    found += check(page, tmp_path, "report-page")
    page.goto(service.url + "/ui/datasets")
    found += check(page, tmp_path, "datasets")
    context.close()

    assert found == []


def test_the_check_itself_reports_a_broken_page(chromium, service: LiveService) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(service.url + "/")
    # The username field loses its id, so its label names nothing: axe must say so.
    page.evaluate("() => document.querySelector('#username').removeAttribute('id')")

    found = axe_violations(page)
    context.close()

    assert any(line.startswith("label") for line in found), found
