"""What a person meets in Chromium: the size limit named before sending, a refusal that leaves no full bar,
partial loads told apart in the history, a guest told what to do, and a phone that needs no sideways scroll.
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

LIMIT = 3000
# 40 rows: 31 good, 9 with a cell missing (an error whatever the types); well under the limit.
PARTLY_BAD = (
    "id,amount,note\n"
    + "".join(f"{i},{i * 10},r{i}\n" for i in range(1, 32))
    + "".join(f"{i},{i * 10}\n" for i in range(32, 41))
)
CLEAN = "id,amount,note\n" + "".join(f"{i},{i * 10},r{i}\n" for i in range(100, 120))
TOO_LARGE = "id,amount,note\n" + "".join(f"{i},{i * 10},a longer note for row {i}\n" for i in range(200))
FAILED = {"en-US": "The upload failed", "es-ES": "La subida falló"}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    folder = tmp_path_factory.mktemp("live-flows")
    with live_service(folder, INGESTA_MAX_UPLOAD_BYTES=str(LIMIT)) as running:
        yield running


@pytest.fixture
def new_page(chromium):  # type: ignore[no-untyped-def]
    contexts = []

    def make(locale: str = "en-US", **options):  # type: ignore[no-untyped-def]
        context = chromium.new_context(locale=locale, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in contexts:
        context.close()


def send(page, path: Path, dataset: str, on_error: str = "reject") -> None:  # type: ignore[no-untyped-def]
    page.set_input_files("#file", str(path))
    page.fill("#dataset", dataset)
    page.check(f'input[name="on_error"][value="{on_error}"]')
    page.click("#upload-button")


def written(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize(("locale", "limit"), [("en-US", "3,000"), ("es-ES", "3.000")])
def test_a_file_over_the_limit_is_refused_before_a_byte_is_sent(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path, locale: str, limit: str
) -> None:
    page = new_page(locale)
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    log_in(page, service)
    assert limit in page.locator("#upload-limit").inner_text()
    big = written(tmp_path, "big.csv", TOO_LARGE)
    assert big.stat().st_size > LIMIT

    send(page, big, "flows_big")
    shot(page, tmp_path, f"too-large-{locale}")

    error = page.locator("#file-error")
    assert error.is_visible() and limit in error.inner_text()
    assert (
        f"{big.stat().st_size:,}".replace(",", limit[1]) in error.inner_text()
    )  # grouped as the server does
    assert page.locator("#upload-status").is_hidden()
    assert not [url for url in posts if url.endswith("/ui/upload")]


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_a_refused_upload_leaves_no_full_bar_behind(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path, locale: str
) -> None:
    page = new_page(locale)
    log_in(page, service)
    clean = written(tmp_path, "clean.csv", CLEAN)
    binary = written(tmp_path, "picture.csv", b"\x89PNG\r\n\x1a\n" + bytes(200))
    big = written(tmp_path, "big.csv", TOO_LARGE)
    send(page, clean, f"flows_bar_{locale[:2]}")
    page.wait_for_selector("#report[data-upload-id]")
    assert page.locator("#upload-progress").evaluate("bar => bar.value") == 100

    def refused(path: Path, status: str) -> None:
        page.locator("#upload-result").evaluate("node => node.replaceChildren()")
        send(page, path, f"flows_bar_{locale[:2]}")
        page.wait_for_selector("#upload-result .error-box, #upload-result .error")
        shot(page, tmp_path, f"refused-{status}-{locale}")
        assert page.locator("#upload-progress").is_hidden(), status
        assert page.locator("#progress-percent").is_hidden(), status
        assert FAILED[locale] in page.locator("#progress-state").inner_text(), status

    refused(clean, "409")  # the same file again
    refused(binary, "415")
    # The page's own check stands aside, so the server's 413 is what answers.
    page.locator("#upload-form").evaluate("form => form.removeAttribute('data-max-bytes')")
    refused(big, "413")


@pytest.mark.parametrize(("locale", "partial", "full"), [
    ("en-US", ("Loaded in part", "31 of 40 rows"), "all 20 rows"),
    ("es-ES", ("Cargado en parte", "31 de 40 filas"), "las 20 filas"),
])  # fmt: skip
def test_the_history_tells_a_partial_load_from_a_full_one(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path, locale: str, partial: tuple[str, str], full: str
) -> None:
    page = new_page(locale)
    log_in(page, service)
    send(page, written(tmp_path, "partly_bad.csv", PARTLY_BAD), f"flows_hist_{locale[:2]}", on_error="skip")
    page.wait_for_selector("#report[data-upload-id]")
    page.goto(service.url + "/ui/upload")
    send(page, written(tmp_path, "all_good.csv", CLEAN), f"flows_full_{locale[:2]}")
    page.wait_for_selector("#report[data-upload-id]")

    page.goto(service.url + "/ui/uploads")
    shot(page, tmp_path, f"history-{locale}")

    partly = page.locator("#history tbody tr", has_text="partly_bad.csv").first.inner_text()
    whole = page.locator("#history tbody tr", has_text="all_good.csv").first.inner_text()
    assert partial[0] in partly and partial[1] in partly
    assert full in whole and partial[0] not in whole


@pytest.mark.parametrize(("locale", "login"), [("en-US", "Log in"), ("es-ES", "Iniciar sesión")])
def test_a_guest_learns_what_is_checked_what_they_may_do_and_how_to_log_in(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path, locale: str, login: str
) -> None:
    page = new_page(locale)
    page.goto(service.url + "/")
    page.click("#anonymous")
    page.wait_for_url("**/ui/upload")
    shot(page, tmp_path, f"guest-{locale}")

    assert page.locator("#guest-checks li").count() >= 10
    assert page.locator("#guest-checks li", has_text="duplicate-row").count() == 1
    assert page.locator("#guest-may p").is_visible()
    page.click("#guest-login-button")
    page.wait_for_url(service.url + "/")
    assert page.locator("h1").inner_text() == login and page.locator("#login-form").is_visible()


def test_on_a_phone_the_validation_table_and_the_history_fit_with_every_column(  # type: ignore[no-untyped-def]
    new_page, service: LiveService, tmp_path: Path
) -> None:
    page = new_page("en-US", viewport={"width": 390, "height": 844}, bypass_csp=True)
    log_in(page, service)
    send(page, written(tmp_path, "phone.csv", PARTLY_BAD), "flows_phone", on_error="skip")
    page.wait_for_selector("#report[data-upload-id]")
    shot(page, tmp_path, "phone-report")
    assert_fits(page, "#validations", 5)
    assert axe_violations(page) == []  # the stacked table still reads as a table
    page.goto(service.url + "/ui/uploads")
    shot(page, tmp_path, "phone-history")
    assert_fits(page, "#history", 5)
    assert axe_violations(page) == []


def assert_fits(page, table: str, columns: int) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    # Nothing scrolls sideways inside the table's box either, and every column's cells are shown.
    box = page.locator(table).evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert box[0] <= box[1], box
    cells = page.locator(f"{table} > tbody > tr").first.locator(":scope > th, :scope > td")
    assert cells.count() == columns
    for index in range(columns):
        assert cells.nth(index).is_visible(), index
        right = cells.nth(index).evaluate("c => c.getBoundingClientRect().right")
        assert right <= 390, (index, right)
