"""The web page in Spanish is Spanish all the way: error sentences, rule titles, samples, numbers."""

from __future__ import annotations

import html
import re

import pytest
from tests.support.english_fragments import english_words
from tests.unit.entrypoints.web.web_browser import Browser

pytestmark = pytest.mark.unit

CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"
BIG_WITH_ERRORS = (
    b"id,amount\n" + b"".join(b"%d,%d\n" % (i, i) for i in range(1, 400)) + b"400,abc\n400,abc\n"
)


def page_text(markup: str) -> str:
    """What a reader sees as prose: rule ids and column names (<code>) are identifiers."""
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<code>.*?</code>", " ", markup)))


def test_the_defect_of_the_issue_is_one_spanish_sentence(browser: Browser) -> None:
    browser.client.get("/?lang=es")
    browser.log_in("ana")
    first = browser.upload(CLEAN)
    upload_id = re.search(r'data-upload-id="([^"]+)"', first.text).group(1)  # type: ignore[union-attr]

    response = browser.upload(CLEAN)

    assert response.status_code == 409
    message = re.search(r'<p id="error-message">(.*?)</p>', response.text, re.S).group(1)  # type: ignore[union-attr]
    assert html.unescape(message).strip() == (
        "No se pudo completar la subida. "
        f"Este mismo archivo ya se cargó en 'sales' con la subida {upload_id}."
    )


def test_a_spanish_report_has_spanish_titles_samples_and_numbers(browser: Browser) -> None:
    browser.client.get("/?lang=es")
    browser.log_in("ana")

    response = browser.upload(BIG_WITH_ERRORS)

    validations = re.search(r'<table id="validations".*?</table>\s*</div>', response.text, re.S)
    assert validations is not None
    text = page_text(validations.group(0))
    assert "Los valores son del tipo de su columna" in text and "no es un valor válido de tipo entero" in text
    assert english_words(text) == [], text
    size = f"{len(BIG_WITH_ERRORS):,}".replace(",", ".")
    assert f"{size} bytes" in response.text
    assert "diciembre" in response.text or " de 20" in response.text  # the upload's date, written in Spanish


def test_the_english_report_writes_numbers_the_english_way(browser: Browser) -> None:
    browser.client.get("/?lang=en")
    browser.log_in("ana")

    response = browser.upload(BIG_WITH_ERRORS)

    assert f"{len(BIG_WITH_ERRORS):,} bytes" in response.text
    assert "Values match their column&#39;s type" in response.text and "not a valid integer" in response.text


def test_a_refused_form_is_explained_in_spanish(browser: Browser) -> None:
    browser.client.get("/?lang=es")
    browser.log_in("ana")

    response = browser.upload(CLEAN, dataset="Bad Name")

    message = re.search(r'<p id="error-message">(.*?)</p>', response.text, re.S).group(1)  # type: ignore[union-attr]
    assert english_words(html.unescape(message)) == [], message


def test_the_whole_spanish_report_page_holds_no_english(browser: Browser) -> None:
    browser.client.get("/?lang=es")
    browser.log_in("ana")
    upload_id = re.search(r'data-upload-id="([^"]+)"', browser.upload(BIG_WITH_ERRORS).text).group(1)  # type: ignore[union-attr]

    page = browser.client.get(f"/ui/uploads/{upload_id}").text

    # Cell values are the file's own text; everything else is the page's.
    prose = re.sub(r'<td class="value">.*?</td>', " ", page, flags=re.S)
    main = re.search(r"<main.*</main>", prose, re.S)
    assert main is not None
    assert english_words(page_text(main.group(0)), allowed=frozenset({"amount"})) == []


@pytest.mark.parametrize("path", ["/ui/upload", "/ui/uploads", "/ui/datasets"])
def test_the_other_spanish_pages_hold_no_english(browser: Browser, path: str) -> None:
    browser.client.get("/?lang=es")
    browser.log_in("ana")
    browser.upload(BIG_WITH_ERRORS, on_error="skip")

    page = browser.client.get(path).text

    main = re.search(r"<main.*</main>", page, re.S)
    assert main is not None
    # The dataset's and file's own names are data; constraints are shown as the schema writes them.
    allowed = frozenset({"amount", "sales", "required"})
    assert english_words(page_text(main.group(0)), allowed=allowed) == []
