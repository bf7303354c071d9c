"""End to end in Debian's Chromium, headless, against `ingesta serve` running as a real process.

Screenshots of every page visited are saved under the test's temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.web.live_service import LiveService, live_service

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Duplicate rows fail an error-level rule; the <script> cell sits in a number column, so it is a sample.
WITH_ERRORS = (
    "id,amount,note\n"
    + "".join(f"{i},{i * 10},row {i}\n" for i in range(1, 40))
    + "39,390,row 39\n"
    + "40,<script>window.pwned=1</script>,bad\n"
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("live")) as running:
        yield running


@pytest.fixture(scope="module")
def chromium():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        if _in_ci():
            pytest.fail(f"{reason}; CI requires it")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, tmp_path: Path):  # type: ignore[no-untyped-def]
    context = chromium.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def shot(page, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)


def log_in(page, service: LiveService) -> None:  # type: ignore[no-untyped-def]
    page.goto(service.url + "/")
    page.fill("#username", service.username)
    page.fill("#password", service.password)
    page.click("#login")
    page.wait_for_url("**/ui/upload")


def test_an_anonymous_guest_sees_no_upload_form(page, service: LiveService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(service.url + "/")
    shot(page, tmp_path, "login")
    page.click("#anonymous")
    page.wait_for_url("**/ui/upload")
    shot(page, tmp_path, "guest")

    assert page.locator("#guest-notice").is_visible()
    assert page.locator("#upload-form").count() == 0


def test_an_uploader_uploads_sees_the_report_and_history_then_logs_out(  # type: ignore[no-untyped-def]
    page, service: LiveService, tmp_path: Path
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    csv = tmp_path / "orders_with_errors.csv"
    csv.write_text(WITH_ERRORS)

    log_in(page, service)
    shot(page, tmp_path, "upload-form")
    page.set_input_files("#file", str(csv))
    page.fill("#dataset", "orders")
    page.click("#upload-button")
    page.wait_for_selector("#report")
    shot(page, tmp_path, "upload-report")

    assert page.locator("#upload-progress").evaluate("bar => bar.value") == 100
    assert page.locator("#progress-percent").inner_text() == "100 %"
    assert page.locator("#progress-state").inner_text() == "Done."
    assert "Rejected" in page.locator("#report-status").inner_text()
    first_rule = page.locator("#validations > tbody > tr").first
    assert "result-failed" in (first_rule.get_attribute("class") or "")
    assert page.locator("td.value", has_text="<script>window.pwned=1</script>").count() >= 1
    assert page.evaluate("() => window.pwned") is None and dialogs == []

    page.click("text=History")
    page.wait_for_url("**/ui/uploads")
    shot(page, tmp_path, "history")
    assert page.locator("#history", has_text="orders_with_errors.csv").is_visible()
    page.click("text=orders_with_errors.csv")
    page.wait_for_selector("#report")
    shot(page, tmp_path, "report-page")

    page.click("#logout")
    page.wait_for_url(service.url + "/")
    shot(page, tmp_path, "logged-out")
    assert page.locator("#login-form").is_visible()
    page.goto(service.url + "/ui/uploads")
    assert page.url == service.url + "/"


def test_the_page_follows_a_spanish_browser(chromium, service: LiveService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(locale="es-ES")
    page = context.new_page()
    page.goto(service.url + "/")
    shot(page, tmp_path, "login-es")

    assert page.locator("h1").inner_text() == "Iniciar sesión"
    context.close()


def test_a_phone_sized_screen_needs_no_sideways_scrolling(
    chromium, service: LiveService, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, service)
    shot(page, tmp_path, "phone-upload")

    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    context.close()


def test_the_open_page_renews_its_session_before_the_token_expires(chromium, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with live_service(tmp_path / "short", INGESTA_ACCESS_TOKEN_TTL_SECONDS="8") as short_lived:
        context = chromium.new_context()
        page = context.new_page()
        log_in(page, short_lived)
        first = _session_cookie(context)

        page.wait_for_timeout(11_000)  # past the first token's expiry
        page.goto(short_lived.url + "/ui/datasets")

        assert page.url.endswith("/ui/datasets")
        assert _session_cookie(context) != first
        context.close()


def _session_cookie(context) -> str:  # type: ignore[no-untyped-def]
    return next(c["value"] for c in context.cookies() if c["name"] == "ingesta_session")
