"""Roles come only from server state: the user store, or `guest` for anonymous sessions."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import DomainValidationError


class Role(StrEnum):
    GUEST = "guest"
    UPLOADER = "uploader"
    ADMIN = "admin"

    @classmethod
    def parse(cls, raw: str) -> Role:
        try:
            return cls(raw.strip().lower())
        except ValueError:
            allowed = ", ".join(role.value for role in cls)
            raise DomainValidationError(f"unknown role {raw!r}; use one of: {allowed}") from None


def parse_roles(raw: str) -> frozenset[Role]:
    """Parse a comma-separated role list such as `uploader,admin`."""
    roles = frozenset(Role.parse(part) for part in raw.split(",") if part.strip())
    if not roles:
        raise DomainValidationError("the role list is empty; name at least one role, e.g. 'uploader,admin'")
    return roles
