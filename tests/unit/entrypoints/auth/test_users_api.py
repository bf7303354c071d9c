"""Admin-only account management over HTTP: list, change role, disable, revoke sessions."""

from __future__ import annotations

import pytest
from tests.unit.entrypoints.auth.auth_api import PASSWORD, Api, bearer

from domain.auth.role import Role

pytestmark = pytest.mark.unit


def admin_and_uploader(api: Api) -> tuple[dict[str, str], str]:
    api.create_account("root", Role.ADMIN)
    api.create_account("zoe", Role.UPLOADER)
    admin = bearer(api.log_in(username="root", password=PASSWORD)["access_token"])
    return admin, api.log_in(username="zoe", password=PASSWORD)["access_token"]


def test_admins_list_accounts_without_password_hashes(api: Api) -> None:
    admin, _ = admin_and_uploader(api)

    response = api.client.get("/users", headers=admin)

    assert response.status_code == 200
    assert [(user["username"], user["role"], user["disabled"]) for user in response.json()] == [
        ("root", "admin", False),
        ("zoe", "uploader", False),
    ]
    assert "password_hash" not in response.text


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/users"), ("PATCH", "/users/root"), ("POST", "/users/root/revoke-sessions")],
)
def test_only_admins_manage_accounts(api: Api, method: str, path: str) -> None:
    _, uploader = admin_and_uploader(api)

    response = api.client.request(method, path, headers=bearer(uploader), json={"disabled": True})

    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_revoking_sessions_ends_every_token_of_the_user(api: Api) -> None:
    admin, uploader = admin_and_uploader(api)
    assert api.client.get("/auth/me", headers=bearer(uploader)).status_code == 200

    response = api.client.post("/users/zoe/revoke-sessions", headers=admin)
    api.clock.advance(1)

    assert response.status_code == 204
    assert api.client.get("/auth/me", headers=bearer(uploader)).status_code == 401
    assert api.client.post("/auth/renew", headers=bearer(uploader)).status_code == 401
    fresh = api.log_in(username="zoe", password=PASSWORD)["access_token"]
    assert api.client.get("/auth/me", headers=bearer(fresh)).status_code == 200


def test_a_disabled_user_is_out_at_once_and_cannot_log_in(api: Api) -> None:
    admin, uploader = admin_and_uploader(api)

    response = api.client.patch("/users/zoe", headers=admin, json={"disabled": True})
    api.clock.advance(1)

    assert response.status_code == 200
    assert response.json()["disabled"] is True
    assert api.client.get("/auth/me", headers=bearer(uploader)).status_code == 401
    login = api.client.post("/auth/login", json={"username": "zoe", "password": PASSWORD})
    assert login.status_code == 401


def test_a_demoted_admin_renews_into_the_new_role(api: Api) -> None:
    admin, _ = admin_and_uploader(api)
    root_token = admin["Authorization"].removeprefix("Bearer ")

    assert api.client.patch("/users/root", headers=admin, json={"role": "uploader"}).status_code == 200
    renewed = api.client.post("/auth/renew", headers=admin)

    assert renewed.status_code == 200
    assert renewed.json()["role"] == "uploader"
    assert api.client.get("/users", headers=bearer(renewed.json()["access_token"])).status_code == 403
    assert root_token != renewed.json()["access_token"]


def test_a_deleted_admin_does_not_renew(api: Api) -> None:
    admin, _ = admin_and_uploader(api)
    account = api.client.blocking_portal.call(api.container.users().get_by_username, "root")

    async def delete() -> None:
        from sqlalchemy import delete as sql_delete

        from adapters.sql.auth_tables import users

        async with api.container.sql_engine().begin() as connection:
            await connection.execute(sql_delete(users).where(users.c.id == account.id))

    api.client.blocking_portal.call(delete)

    response = api.client.post("/auth/renew", headers=admin)

    assert response.status_code == 401
    assert "no longer exists" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/users/nobody", {"disabled": True}, 404),
        ("/users/zoe", {}, 400),
        ("/users/zoe", {"role": "emperor"}, 400),
        ("/users/zoe", {"disabled": "yes please"}, 400),
        ("/users/zoe", {"colour": "blue"}, 400),
    ],
)
def test_bad_changes_are_problems(api: Api, path: str, body: dict[str, object], status: int) -> None:
    admin, _ = admin_and_uploader(api)

    response = api.client.patch(path, headers=admin, json=body)

    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")


def test_revoking_an_unknown_users_sessions_is_404(api: Api) -> None:
    admin, _ = admin_and_uploader(api)

    assert api.client.post("/users/nobody/revoke-sessions", headers=admin).status_code == 404
