"""Which roles may do what."""

from __future__ import annotations

from collections.abc import Collection

from domain.auth.role import Role


def may_upload(role: str, upload_roles: Collection[Role]) -> bool:
    return role in {r.value for r in upload_roles}


def sees_every_upload(role: str) -> bool:
    return role == Role.ADMIN.value
