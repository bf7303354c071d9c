"""The page's security: CSP and headers, cookie flags, CSRF refusals, escaping, and the API left untouched."""

from __future__ import annotations

import pytest
from tests.unit.entrypoints.web.web_browser import XHR, Browser

from entrypoints.settings import load_settings
from entrypoints.web.web_security import cookies_are_secure, session_cookie

pytestmark = pytest.mark.unit

SCRIPT_CELL = b"id,name\n1,<script>alert('x')</script>\n2,Luis\n"


@pytest.mark.parametrize("path", ["/", "/static/app.js", "/static/app.css"])
def test_every_web_response_carries_a_strict_content_security_policy(browser: Browser, path: str) -> None:
    response = browser.client.get(path)

    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style(browser: Browser) -> None:
    browser.log_in("ana")
    page = browser.client.get("/ui/upload").text

    assert "<script>" not in page and "style=" not in page and "<style" not in page
    assert '<script src="/static/app.js" defer></script>' in page


def test_login_sets_an_httponly_samesite_strict_session_cookie(browser: Browser) -> None:
    response = browser.log_in("ana")

    assert response.status_code == 303 and response.headers["location"] == "/ui/upload"
    session = next(c for c in response.headers.get_list("set-cookie") if c.startswith("ingesta_session="))
    flags = session.lower()
    assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags
    assert "secure" not in flags  # development runs on plain http


def test_cookies_are_secure_outside_development_and_tests() -> None:
    production = load_settings(
        {"INGESTA_ENV": "production", "INGESTA_JWT_SECRET": "k9" * 8 + "abcdefghijklmnopqrstuvwxyz"}
    )
    development = load_settings({})

    assert cookies_are_secure(production) and not cookies_are_secure(development)
    header = session_cookie("token", 900, secure=True).to_header().lower()
    assert "secure" in header and "httponly" in header and "samesite=strict" in header


def test_the_token_is_never_exposed_to_script(browser: Browser) -> None:
    browser.log_in("ana")
    token = browser.client.cookies["ingesta_session"]

    page = browser.client.get("/ui/upload").text
    script = browser.client.get("/static/app.js").text

    assert token not in page
    assert "localStorage" not in script and "sessionStorage" not in script and "document.cookie" not in script


def test_login_without_the_csrf_token_is_refused_and_sets_no_session(browser: Browser) -> None:
    browser.client.get("/")
    response = browser.client.post("/ui/login", data={"anonymous": "1"}, follow_redirects=False)

    assert response.status_code == 403
    assert "ingesta_session" not in browser.client.cookies
    assert "Reload the page" in response.text or "reload the page" in response.text


def test_an_upload_with_a_wrong_csrf_token_is_refused_and_nothing_is_stored(browser: Browser) -> None:
    browser.log_in("ana")
    response = browser.client.post(
        "/ui/upload",
        headers={**XHR, "X-CSRF-Token": "forged"},
        files={"file": ("a.csv", b"id\n1\n", "text/csv")},
        data={"dataset": "sales"},
    )

    assert response.status_code == 403
    assert "no uploads yet" in browser.client.get("/ui/uploads").text.lower()


def test_renew_and_logout_without_the_csrf_token_are_refused(browser: Browser) -> None:
    browser.log_in("ana")

    assert browser.client.post("/ui/renew", headers=XHR).status_code == 403
    assert browser.client.post("/ui/logout", data={}, follow_redirects=False).status_code == 403
    assert browser.client.get("/ui/upload", follow_redirects=False).status_code == 200


def test_a_script_cell_is_shown_as_text(browser: Browser) -> None:
    browser.log_in("ana")
    response = browser.upload(SCRIPT_CELL, on_error="accept")

    assert response.status_code == 200, response.text
    history = browser.client.get("/ui/uploads")
    report = browser.client.get(
        history.text.split('href="/ui/uploads/', 1)[1].split('"', 1)[0].join(["/ui/uploads/", ""])
    )
    for html in (response.text, report.text):
        assert "<script>alert" not in html


def test_a_script_in_a_sample_value_is_escaped(browser: Browser) -> None:
    browser.log_in("ana")
    # Two numbers and one script in an integer-looking column: the script is reported as a sample value.
    content = (
        b"id,amount\n" + b"".join(f"{i},{i}\n".encode() for i in range(1, 40)) + b"40,<script>x()</script>\n"
    )

    response = browser.upload(content)

    assert "<script>x()" not in response.text
    assert "&lt;script&gt;x()&lt;/script&gt;" in response.text


def test_the_json_api_still_reads_tokens_only_from_the_authorization_header(browser: Browser) -> None:
    browser.log_in("ana")

    assert browser.client.get("/auth/me").status_code == 401
    api_login = browser.client.post("/auth/login", json={})
    assert api_login.status_code == 200  # no CSRF token needed on the JSON API
    token = api_login.json()["access_token"]
    assert browser.client.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_planted_csrf_cookie_with_a_matching_field_is_refused_in_a_session(browser: Browser) -> None:
    browser.log_in("ana")
    # What a sibling subdomain or a man in the middle on plain http could do: set the cookie, then post.
    browser.client.cookies.set("ingesta_csrf", "planted-by-attacker")

    upload = browser.client.post(
        "/ui/upload",
        headers={**XHR, "X-CSRF-Token": "planted-by-attacker"},
        files={"file": ("a.csv", b"id\n1\n", "text/csv")},
        data={"dataset": "sales"},
    )
    logout = browser.client.post("/ui/logout", data={"_csrf": "planted-by-attacker"}, follow_redirects=False)
    renew = browser.client.post("/ui/renew", headers={**XHR, "X-CSRF-Token": "planted-by-attacker"})

    assert (upload.status_code, logout.status_code, renew.status_code) == (403, 403, 403)


def test_the_csrf_token_of_a_session_survives_renewal(browser: Browser) -> None:
    browser.log_in("ana")
    token = browser.csrf()

    renewed = browser.client.post("/ui/renew", headers={**XHR, "X-CSRF-Token": token})

    assert renewed.status_code == 200
    assert browser.csrf() == token
    assert browser.upload(b"id\n1\n").status_code == 200


def test_cookies_get_the_host_prefix_when_they_are_secure() -> None:
    from entrypoints.web.web_security import cookie_name

    assert cookie_name("ingesta_session", secure=True) == "__Host-ingesta_session"
    assert cookie_name("ingesta_session", secure=False) == "ingesta_session"
    header = session_cookie("token", 900, secure=True).to_header()
    assert "__Host-ingesta_session=" in header and "Domain" not in header and "Path=/" in header
