from __future__ import annotations

import pytest

from domain.auth.permissions import sees_every_upload
from domain.auth.role import Role, parse_roles
from domain.errors import DomainValidationError

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "role"),
    [("guest", Role.GUEST), ("uploader", Role.UPLOADER), ("admin", Role.ADMIN), (" Admin ", Role.ADMIN)],
)
def test_role_parse_accepts_known_roles_in_any_case(raw: str, role: Role) -> None:
    assert Role.parse(raw) is role


@pytest.mark.parametrize("raw", ["", "root", "administrator", "guest,admin"])
def test_role_parse_refuses_unknown_roles_and_lists_the_allowed_ones(raw: str) -> None:
    with pytest.raises(DomainValidationError, match="use one of: guest, uploader, admin"):
        Role.parse(raw)


def test_parse_roles_reads_a_comma_separated_list() -> None:
    assert parse_roles("uploader, admin,") == {Role.UPLOADER, Role.ADMIN}


@pytest.mark.parametrize("raw", ["", " , ,"])
def test_parse_roles_refuses_an_empty_list(raw: str) -> None:
    with pytest.raises(DomainValidationError, match="empty"):
        parse_roles(raw)


def test_parse_roles_refuses_a_list_with_one_unknown_role() -> None:
    with pytest.raises(DomainValidationError, match="'superuser'"):
        parse_roles("uploader,superuser")


def test_only_admins_see_every_upload() -> None:
    assert sees_every_upload("admin")
    assert not sees_every_upload("uploader")
    assert not sees_every_upload("guest")
