"""Logging in and out of the page, renewing the session, and what a guest may see."""

from __future__ import annotations

import pytest
from tests.unit.entrypoints.web.web_browser import XHR, Browser

pytestmark = pytest.mark.unit


def test_the_start_page_offers_both_logins(browser: Browser) -> None:
    page = browser.client.get("/").text

    assert 'id="login-form"' in page and 'id="anonymous"' in page


def test_an_anonymous_guest_sees_no_upload_form(browser: Browser) -> None:
    browser.log_in()
    page = browser.client.get("/ui/upload").text

    assert 'id="guest-notice"' in page and "guest" in page
    assert 'id="upload-form"' not in page


def test_a_guest_cannot_upload_even_without_the_form(browser: Browser) -> None:
    browser.log_in()
    response = browser.upload(b"id\n1\n")

    assert response.status_code == 403
    assert "may not upload" in response.text


def test_a_guest_sees_neither_the_datasets_link_nor_the_datasets_page(browser: Browser) -> None:
    browser.log_in()

    assert 'href="/ui/datasets"' not in browser.client.get("/ui/upload").text
    assert browser.client.get("/ui/datasets").status_code == 403


def test_an_uploader_sees_the_upload_form(browser: Browser) -> None:
    browser.log_in("ana")
    page = browser.client.get("/ui/upload").text

    assert 'id="upload-form"' in page and 'id="upload-progress"' in page
    assert 'value="reject"' in page and 'value="skip"' in page and 'value="accept"' in page


def test_a_wrong_password_is_a_sentence_on_the_login_page(browser: Browser) -> None:
    response = browser.log_in("ana", password="not the password")

    assert response.status_code == 401
    assert "Unknown user or wrong password." in response.text
    assert "ingesta_session" not in browser.client.cookies


def test_pages_without_a_session_lead_back_to_the_login(browser: Browser) -> None:
    for path in ("/ui/upload", "/ui/uploads", "/ui/datasets"):
        response = browser.client.get(path, follow_redirects=False)
        assert response.status_code in {302, 303, 307}
        assert response.headers["location"] == "/"


def test_renewal_replaces_the_cookie_and_revokes_the_old_token(browser: Browser) -> None:
    browser.log_in("ana")
    old = browser.client.cookies["ingesta_session"]

    response = browser.client.post("/ui/renew", headers={**XHR, "X-CSRF-Token": browser.csrf()})

    assert response.status_code == 200, response.text
    assert response.json()["expires_in"] > 0
    new = browser.client.cookies["ingesta_session"]
    assert new != old
    assert browser.client.get("/auth/me", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    assert browser.client.get("/auth/me", headers={"Authorization": f"Bearer {new}"}).status_code == 200


def test_logout_revokes_the_session_and_clears_the_cookie(browser: Browser) -> None:
    browser.log_in("ana")
    token = browser.client.cookies["ingesta_session"]
    csrf = browser.csrf()

    response = browser.client.post("/ui/logout", data={"_csrf": csrf}, follow_redirects=False)

    assert response.status_code == 303 and response.headers["location"] == "/"
    assert "ingesta_session" not in browser.client.cookies
    assert browser.client.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_revoked_cookie_is_treated_as_no_session(browser: Browser) -> None:
    browser.log_in("ana")
    token = browser.client.cookies["ingesta_session"]
    browser.client.post("/auth/logout", headers={"Authorization": f"Bearer {token}"})

    response = browser.client.get("/ui/upload", follow_redirects=False)

    assert response.headers["location"] == "/"
