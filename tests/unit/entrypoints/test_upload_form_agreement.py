"""The API and the web page read the upload form with one parser and refuse by one policy: the same
form gets the same outcome and, when refused, the same status and the same sentence."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from tests.support.fake_app import Fakes, fakes_turn, no_preparation
from tests.unit.entrypoints.web.web_browser import PASSWORD, XHR, Browser

from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings
from entrypoints.web.i18n import as_sentence

pytestmark = pytest.mark.unit

CLEAN = b"id,name\n1,Ana\n2,Luis\n"


class Both:
    def __init__(self, client: TestClient, browser: Browser, fakes: Fakes) -> None:
        self.client, self.browser, self.fakes = client, browser, fakes

    def token(self, username: str | None) -> str:
        body = {"username": username, "password": PASSWORD} if username else None
        return str(self.client.post("/auth/login", json=body).json()["access_token"])

    def api(self, token: str, content: bytes, fields: dict[str, str]):  # type: ignore[no-untyped-def]
        return self.client.post(
            "/uploads",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": ("sales.csv", content, "text/csv")},
            data=fields,
        )

    def web(self, content: bytes, fields: dict[str, str]):  # type: ignore[no-untyped-def]
        return self.client.post(
            "/ui/upload",
            headers={**XHR, "X-CSRF-Token": self.browser.csrf()},
            files={"file": ("sales.csv", content, "text/csv")},
            data=fields,
        )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Container]]:
    """One app for the module (building it was most of a test's cost); each test gets its own fakes."""
    folder = tmp_path_factory.mktemp("upload-form")
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{folder / 'objects'}",
            "INGESTA_MAX_UPLOAD_BYTES": "4096",
            "INGESTA_AI_PROVIDER": "none",
        }
    )
    container = build_container(settings)
    with TestClient(create_app(settings, container, prepare=no_preparation)) as client:
        yield client, container


@pytest.fixture
def both(served: tuple[TestClient, Container]) -> Iterator[Both]:
    client, container = served
    with fakes_turn(container) as fakes:
        client.cookies.clear()
        client.blocking_portal.call(
            lambda: container.create_user()(username="ana", password=PASSWORD, role=Role.UPLOADER)
        )
        yield Both(client, Browser(client, container), fakes)


def web_sentence(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'<p id="error-message">(.*?)</p>', response.text, re.S)
    assert match, response.text
    return html.unescape(match.group(1)).strip()


REFUSED = [
    ({"dataset": "Bad Name"}, CLEAN, 400),
    ({"dataset": "sales", "on_error": "explode"}, CLEAN, 400),
    ({"dataset": "sales", "mode": "sideways"}, CLEAN, 400),
    ({"dataset": "sales", "dry_run": "perhaps"}, CLEAN, 400),
    ({"dataset": "sales", "colour": "blue"}, CLEAN, 400),
    ({"dataset": "  "}, CLEAN, 400),
    ({"dataset": "sales"}, CLEAN + b"3,x\n" * 2000, 413),
]


@pytest.mark.parametrize(("fields", "content", "status"), REFUSED)
def test_a_form_refused_by_the_api_is_refused_by_the_page_in_the_same_words(
    both: Both, fields: dict[str, str], content: bytes, status: int
) -> None:
    from_api = both.api(both.token("ana"), content, fields)
    both.browser.log_in("ana")
    from_page = both.web(content, fields)

    assert from_api.status_code == from_page.status_code == status, (from_api.text, from_page.text)
    expected = as_sentence(from_api.json()["detail"])
    if status == 413:
        # The API refuses while the file streams in ("more than L bytes"), the page once it holds the
        # whole file (its size); the limit and the setting they name are the same words.
        expected = from_api.json()["detail"].split("; ", 1)[1]
    assert expected in web_sentence(from_page)
    assert both.fakes.objects.objects == {}


def test_a_dataset_name_with_blanks_around_it_is_taken_by_both(both: Both) -> None:
    from_api = both.api(both.token("ana"), CLEAN, {"dataset": " sales "})
    both.browser.log_in("ana")
    from_page = both.web(b"id,name\n3,Eva\n", {"dataset": "sales\t"})

    assert from_api.status_code == 201, from_api.text
    assert from_page.status_code == 200, from_page.text
    assert {upload.dataset for upload in both.fakes.uploads.records.values()} == {"sales"}


def test_a_role_that_may_not_upload_is_refused_alike(both: Both) -> None:
    from_api = both.api(both.token(None), CLEAN, {"dataset": "sales"})
    both.browser.log_in()  # anonymous: the guest role
    from_page = both.web(CLEAN, {"dataset": "sales"})

    assert from_api.status_code == from_page.status_code == 403
    assert from_api.json()["detail"] == "the 'guest' role may not upload; roles that may: admin, uploader"
    assert as_sentence(from_api.json()["detail"]) in web_sentence(from_page)
