"""GET /metrics through Litestar's test client: who may read it, and what it counts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families
from tests.support.fake_app import fakes_turn, no_preparation
from tests.support.upload_fakes import InMemoryObjectStore

from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit

PASSWORD = "correct horse battery staple"
SCRAPER_TOKEN = "scraper-" + "k" * 40
CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"


class Service:
    def __init__(self, client: TestClient, objects: InMemoryObjectStore) -> None:
        self.client = client
        self.objects = objects

    def token(self, username: str) -> str:
        response = self.client.post("/auth/login", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def upload(self, token: str):  # type: ignore[no-untyped-def]
        return self.client.post(
            "/uploads",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": ("sales.csv", CLEAN, "text/csv")},
            data={"dataset": "sales"},
        )

    def metrics(self, token: str = SCRAPER_TOKEN) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
        response = self.client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/plain")
        return {
            (sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples
        }


def value(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Container]]:
    """One app for the module (building it was most of a test's cost); each test gets its own fakes.

    Its counters go on from test to test, so the tests compare counts before and after.
    """
    folder = tmp_path_factory.mktemp("metrics")
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{folder / 'objects'}",
            "INGESTA_LOGIN_RATE_LIMIT": "1000/minute",
            "INGESTA_METRICS_TOKEN": SCRAPER_TOKEN,
        }
    )
    container = build_container(settings)
    with TestClient(create_app(settings, container, prepare=no_preparation)) as client:
        yield client, container


@pytest.fixture
def service(served: tuple[TestClient, Container]) -> Iterator[Service]:
    client, container = served
    with fakes_turn(container) as fakes:

        async def accounts() -> None:
            for name, role in (("ana", Role.UPLOADER), ("root", Role.ADMIN)):
                await container.create_user()(username=name, password=PASSWORD, role=role)

        client.blocking_portal.call(accounts)
        yield Service(client, fakes.objects)


def test_without_a_token_metrics_answer_401_problem_json(service: Service) -> None:
    response = service.client.get("/metrics")

    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "ingesta_" not in response.text


def test_an_uploader_token_gets_403_and_a_wrong_scraper_token_401(service: Service) -> None:
    uploader = service.client.get("/metrics", headers={"Authorization": f"Bearer {service.token('ana')}"})
    wrong = service.client.get("/metrics", headers={"Authorization": f"Bearer {SCRAPER_TOKEN}x"})

    assert uploader.status_code == 403 and "INGESTA_METRICS_TOKEN" in uploader.json()["detail"]
    assert wrong.status_code == 401


def test_an_admin_token_and_the_scraper_token_both_read_metrics(service: Service) -> None:
    by_admin = service.metrics(service.token("root"))
    by_scraper = service.metrics(SCRAPER_TOKEN)

    assert value(by_admin, "ingesta_http_requests_total", method="POST", route="/auth/login", status="200")
    assert value(by_scraper, "ingesta_http_requests_total", method="GET", route="/metrics", status="200")


def test_an_upload_shows_in_uploads_rows_and_http_requests(service: Service) -> None:
    token = service.token("ana")
    before = service.metrics()

    assert service.upload(token).status_code == 201
    after = service.metrics()

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("ingesta_uploads_total", status="loaded") == 1
    assert grew("ingesta_rows_validated_total") == 2
    assert grew("ingesta_rows_loaded_total") == 2
    assert grew("ingesta_http_requests_total", method="POST", route="/uploads", status="201") == 1
    assert (
        grew("ingesta_http_request_duration_seconds_count", method="POST", route="/uploads", status="201")
        == 1
    )


def test_an_object_store_outage_counts_a_dependency_error_and_a_failed_upload(service: Service) -> None:
    token = service.token("ana")
    before = service.metrics()
    service.objects.available = False

    assert service.upload(token).status_code == 503
    after = service.metrics()

    kind = {"kind": "object_store_unavailable"}
    assert (
        value(after, "ingesta_dependency_errors_total", **kind)
        - value(before, "ingesta_dependency_errors_total", **kind)
        == 1
    )
    assert (
        value(after, "ingesta_uploads_total", status="failed")
        - value(before, "ingesta_uploads_total", status="failed")
        == 1
    )


def test_requests_are_labelled_by_route_template_never_by_raw_id(service: Service) -> None:
    token = service.token("ana")
    ids = [uuid.uuid4().hex for _ in range(3)]
    for upload_id in ids:
        service.client.get(f"/uploads/{upload_id}", headers={"Authorization": f"Bearer {token}"})
    service.client.get(f"/no-such-route/{ids[0]}")

    response = service.client.get("/metrics", headers={"Authorization": f"Bearer {SCRAPER_TOKEN}"})

    assert 'route="/uploads/{upload_id}"' in response.text
    assert 'route="unmatched"' in response.text
    assert not any(upload_id in response.text for upload_id in ids)
