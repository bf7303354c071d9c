"""Helpers for the auth HTTP tests: the app, its container and clock, and tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.testing import TestClient
from tests.support.auth_fakes import FixedClock

from domain.auth.role import Role
from entrypoints.container import Container

SECRET = "entrypoint-tests-secret-" * 3
PASSWORD = "a long enough password"


@dataclass
class Api:
    """A test client plus the container and clock behind it."""

    client: TestClient[Any]
    container: Container
    clock: FixedClock

    def create_account(self, username: str, role: Role, password: str = PASSWORD) -> str:
        create_user = self.container.create_user()
        account = self.client.blocking_portal.call(
            lambda: create_user(username=username, password=password, role=role)
        )
        return account.id

    def log_in(self, **credentials: str) -> dict[str, Any]:
        response = self.client.post("/auth/login", json=credentials or None)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
