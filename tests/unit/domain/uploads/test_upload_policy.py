from __future__ import annotations

import pytest

from domain.auth.role import Role
from domain.uploads.upload_policy import UploadPolicy

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("role", "upload_roles", "allowed"),
    [
        ("uploader", {Role.UPLOADER, Role.ADMIN}, True),
        (Role.ADMIN, {Role.UPLOADER, Role.ADMIN}, True),
        ("guest", {Role.UPLOADER, Role.ADMIN}, False),
        (Role.GUEST, {Role.GUEST, Role.UPLOADER}, True),
        ("admin", {Role.UPLOADER}, False),
        ("unknown", {Role.GUEST, Role.UPLOADER, Role.ADMIN}, False),
    ],
)
def test_only_the_configured_roles_may_upload(
    role: Role | str, upload_roles: set[Role], allowed: bool
) -> None:
    policy = UploadPolicy(roles=frozenset(upload_roles))

    assert policy.allows(role) is allowed
    assert (policy.role_refusal(role) is None) is allowed


def test_a_refused_role_is_told_which_roles_may() -> None:
    policy = UploadPolicy(roles=frozenset({Role.UPLOADER, Role.ADMIN}))

    assert (
        policy.role_refusal(Role.GUEST) == "the 'guest' role may not upload; roles that may: admin, uploader"
    )


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit() -> None:
    policy = UploadPolicy(max_bytes=10)

    assert policy.size_refusal(10) is None
    assert policy.size_refusal(11) == "the file has 11 bytes; the limit is 10 (INGESTA_MAX_UPLOAD_BYTES)"


def test_no_limit_takes_any_size() -> None:
    assert UploadPolicy(max_bytes=None).size_refusal(10**15) is None
