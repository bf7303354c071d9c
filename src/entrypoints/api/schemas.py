"""Request and response bodies of the auth API."""

from __future__ import annotations

import msgspec


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Both fields for a provisioned account; neither for an anonymous guest session."""

    username: str | None = None
    password: str | None = None


class HealthResponse(msgspec.Struct):
    status: str
    checks: dict[str, str] = msgspec.field(default_factory=dict)
