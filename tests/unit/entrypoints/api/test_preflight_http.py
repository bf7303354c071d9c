"""OPTIONS on guarded routes answers the allowed methods, never a 500."""

from __future__ import annotations

import pytest

from .test_upload_http import Api, api

pytestmark = pytest.mark.unit
__all__ = ["api"]


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/datasets", "GET"),
        ("/datasets/sales", "GET"),
        ("/datasets/sales/schema", "GET"),
        ("/users", "GET"),  # admin-only routes too (requires_role)
        ("/users/ana", "PATCH"),
        ("/users/ana/revoke-sessions", "POST"),
    ],
)
def test_options_on_a_guarded_controller_lists_its_methods(api: Api, path: str, method: str) -> None:
    response = api.client.options(path)

    assert response.status_code == 204, response.text
    assert method in response.headers["allow"]


def test_the_guard_still_refuses_a_guest(api: Api) -> None:
    token = api.token()
    assert api.client.get("/datasets", headers={"Authorization": f"Bearer {token}"}).status_code == 403
