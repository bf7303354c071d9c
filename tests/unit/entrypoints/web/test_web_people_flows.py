"""The pages' answers for a person: the size limit named, the guest's guide, partial loads in the history."""

from __future__ import annotations

import re

import pytest
from tests.unit.entrypoints.web.web_browser import Browser

from domain.validation.rules import Rules
from entrypoints.web.upload_limit import size_text

pytestmark = pytest.mark.unit

GOOD = "".join(f"{i},name{i},{i}.5\n" for i in range(1, 32))
# 31 good rows and 9 with a cell missing: on_error=skip loads 31 of 40.
PARTLY_BAD = ("id,name,price\n" + GOOD + "".join(f"{i},name{i}\n" for i in range(32, 41))).encode()
CLEAN = ("id,name,price\n" + GOOD).encode()


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Files up to 1,024 MB (1,073,741,824 bytes)."),
        ("es", "Archivos de hasta 1.024 MB (1.073.741.824 bytes)."),
    ],
)
def test_the_upload_form_names_the_servers_limit(browser: Browser, language: str, shown: str) -> None:
    browser.log_in("ana")

    html = browser.client.get(f"/ui/upload?lang={language}").text

    assert 'data-max-bytes="1073741824"' in html
    assert shown in html


def test_the_limit_reads_in_megabytes_or_bytes() -> None:
    assert size_text(50 * 1024 * 1024, "en") == "50 MB"
    assert size_text(int(2.5 * 1024 * 1024), "es") == "2,5 MB"
    assert size_text(3000, "es") == "3.000 bytes"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_guest_sees_every_check_and_how_to_log_in(browser: Browser, language: str) -> None:
    browser.log_in()

    html = browser.client.get(f"/ui/upload?lang={language}").text

    listed = re.findall(r"<li>[^<]+<code>([a-z-]+)</code></li>", html)
    assert listed == [tally.rule for tally in Rules(max_samples=0).in_order()]
    assert 'id="guest-may"' in html and 'id="guest-login-button"' in html
    assert 'id="upload-form"' not in html


def test_an_uploader_gets_the_form_not_the_guest_guide(browser: Browser) -> None:
    browser.log_in("ana")
    html = browser.client.get("/ui/upload").text
    assert 'id="upload-form"' in html and 'id="guest-checks"' not in html


@pytest.mark.parametrize(
    ("language", "partial", "full"),
    [
        ("en", ("Loaded in part", "31 of 40 rows"), "all 31 rows"),
        ("es", ("Cargado en parte", "31 de 40 filas"), "las 31 filas"),
    ],
)
def test_the_history_tells_a_partial_load_from_a_full_one(
    browser: Browser, language: str, partial: tuple[str, str], full: str
) -> None:
    browser.log_in("ana")
    assert browser.upload(PARTLY_BAD, on_error="skip", name="partly.csv").status_code == 200
    assert browser.upload(CLEAN, dataset="other", name="whole.csv").status_code == 200

    html = browser.client.get(f"/ui/uploads?lang={language}").text

    rows = {name: row for row in html.split("<tr>") for name in ("partly.csv", "whole.csv") if name in row}
    assert partial[0] in rows["partly.csv"] and partial[1] in rows["partly.csv"]
    assert full in rows["whole.csv"] and partial[0] not in rows["whole.csv"]
