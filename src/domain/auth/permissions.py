"""Which roles may do what (who may upload: `domain.uploads.upload_policy`)."""

from __future__ import annotations

from domain.auth.role import Role


def sees_every_upload(role: str) -> bool:
    return role == Role.ADMIN.value
