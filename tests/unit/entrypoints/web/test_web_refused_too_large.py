"""A file too large for the service, sent from the page, is in the history as a refused attempt: whether
the page's form refused it (the file over the limit) or the body was over what any request may carry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from tests.unit.entrypoints.web.conftest import serve
from tests.unit.entrypoints.web.web_browser import Browser

from entrypoints.container import Container

pytestmark = pytest.mark.unit

LIMIT = 4096
JUST_OVER = b"a,b\n" + b"1,2\n" * 2000  # over the limit, within the multipart allowance
FAR_OVER = b"a,b\n" + b"1,2\n" * 40_000  # over the limit and the allowance: refused before it is read


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Container]]:
    """This module's own app: one with a small upload limit."""
    yield from serve(tmp_path_factory, INGESTA_MAX_UPLOAD_BYTES=str(LIMIT))


@pytest.mark.parametrize("content", [JUST_OVER, FAR_OVER], ids=["file-over", "body-over"])
def test_a_file_too_large_is_listed_as_refused_in_both_languages(browser: Browser, content: bytes) -> None:
    browser.log_in("ana")

    answer = browser.upload(content, name="big.csv")

    assert answer.status_code == 413
    english = browser.client.get("/ui/uploads?lang=en").text
    spanish = browser.client.get("/ui/uploads?lang=es").text
    assert english.count('data-refusal="too_large"') == 1, english
    assert "Refused: too large" in english and "big.csv" in english
    assert "No admitido: demasiado grande" in spanish


def test_a_check_only_too_large_records_nothing(browser: Browser) -> None:
    browser.log_in("ana")

    for content in (JUST_OVER, FAR_OVER):
        assert browser.upload(content, dry_run="true").status_code == 413

    assert "data-refusal" not in browser.client.get("/ui/uploads?lang=en").text


def test_without_the_pages_token_a_body_over_the_limit_is_not_recorded(browser: Browser) -> None:
    browser.log_in("ana")

    answer = browser.client.post(
        "/ui/upload",
        headers={"X-Requested-With": "XMLHttpRequest"},
        files={"file": ("big.csv", FAR_OVER, "text/csv")},
        data={"dataset": "sales"},
    )

    assert answer.status_code == 413
    assert "data-refusal" not in browser.client.get("/ui/uploads?lang=en").text


def test_the_body_over_the_limit_is_explained_in_spanish(browser: Browser) -> None:
    browser.log_in("ana")
    browser.client.get("/ui/upload?lang=es")

    answer = browser.upload(FAR_OVER)

    assert answer.status_code == 413
    assert "4.096 bytes" in answer.text and "request body" not in answer.text, answer.text
