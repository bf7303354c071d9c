"""The page's upload as a job: 202 with the id, then the session's own event stream to the final state."""

from __future__ import annotations

import asyncio
import json

import pytest
from litestar.testing import TestClient
from tests.unit.entrypoints.web.web_browser import PASSWORD, XHR, Browser

from domain.auth.role import Role
from entrypoints.api import upload_events_controller
from entrypoints.container import Container

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def quick_event_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's event stream looks at its upload every 20 ms here (half a second in a deployment)."""
    monkeypatch.setattr(upload_events_controller, "POLL_SECONDS", 0.02)


@pytest.fixture
def browser(job_turn: tuple[TestClient, Container]) -> Browser:  # type: ignore[type-arg]
    """The module's app with its embedded worker (`job_app`), on this test's fresh fakes."""
    client, container = job_turn
    for name in ("ana", "bea"):
        asyncio.run(container.create_user()(username=name, password=PASSWORD, role=Role.UPLOADER))
    return Browser(client, container)


CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"


def _events(browser: Browser, upload_id: str) -> list[dict[str, object]]:
    response = browser.client.get(f"/ui/uploads/{upload_id}/events")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return [json.loads(line[5:]) for line in response.text.splitlines() if line.startswith("data:")]


def test_a_job_upload_answers_202_and_its_events_reach_the_final_state(browser: Browser) -> None:
    browser.log_in("ana")

    response = _post_async(browser)

    assert response.status_code == 202, response.text
    upload_id = response.json()["id"]
    assert response.headers["location"] == f"/ui/uploads/{upload_id}"
    events = _events(browser, upload_id)
    assert events[-1]["status"] == "loaded"
    assert events[-1]["progress"] == {
        "phase": "loaded",
        "rows_validated": 2,
        "rows_loaded": 2,
        "rows_expected": 2,
    }
    # The report the page fetches afterwards, as today.
    report = browser.client.get(f"/ui/uploads/{upload_id}", headers=XHR)
    assert 'data-upload-id="' + upload_id in report.text


def test_without_the_preference_a_small_upload_is_answered_with_its_report(browser: Browser) -> None:
    browser.log_in("ana")

    response = browser.upload(CLEAN)

    assert response.status_code == 200
    assert "data-upload-id" in response.text


def test_the_event_stream_needs_a_session_and_shows_only_your_uploads(browser: Browser) -> None:
    browser.log_in("ana")
    upload_id = _post_async(browser).json()["id"]
    _events(browser, upload_id)
    browser.client.cookies.clear()

    anonymous = browser.client.get(f"/ui/uploads/{upload_id}/events", follow_redirects=False)
    browser.log_in("bea")
    someone_else = browser.client.get(f"/ui/uploads/{upload_id}/events")

    assert anonymous.status_code in {302, 303, 401}
    assert someone_else.status_code == 404


def test_a_job_upload_still_needs_the_csrf_token(browser: Browser) -> None:
    browser.log_in("ana")

    response = browser.client.post(
        "/ui/upload",
        headers={**XHR, "Prefer": "respond-async"},
        files={"file": ("sales.csv", CLEAN, "text/csv")},
        data={"dataset": "sales", "on_error": "reject"},
    )

    assert response.status_code == 403


def test_the_page_s_cancel_needs_the_csrf_token_and_refuses_a_final_upload_with_a_sentence(
    browser: Browser,
) -> None:
    browser.log_in("ana")
    upload_id = _post_async(browser).json()["id"]
    assert _events(browser, upload_id)[-1]["status"] == "loaded"

    forged = browser.client.post(f"/ui/uploads/{upload_id}/cancel", headers=XHR)
    too_late = browser.client.post(
        f"/ui/uploads/{upload_id}/cancel", headers={**XHR, "X-CSRF-Token": browser.csrf()}
    )

    assert forged.status_code == 403
    assert too_late.status_code == 409
    assert "is already loaded; only a queued or running upload can be cancelled" in too_late.text


def test_the_page_offers_a_cancel_button_and_every_text_its_script_needs(browser: Browser) -> None:
    browser.log_in("ana")

    page = browser.client.get("/ui/upload").text

    assert 'id="cancel-button"' in page and "Cancel the upload" in page
    for name in ("rows-expected", "left", "seconds", "minutes", "cancelling", "cancelled"):
        assert f'data-{name}="' in page


def _post_async(browser: Browser):  # type: ignore[no-untyped-def]
    return browser.client.post(
        "/ui/upload",
        headers={**XHR, "X-CSRF-Token": browser.csrf(), "Prefer": "respond-async"},
        files={"file": ("sales.csv", CLEAN, "text/csv")},
        data={"dataset": "sales", "on_error": "reject"},
    )
