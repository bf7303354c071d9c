"""Role guards: tiny functions set per route, answered before the request body is read.

Litestar runs a controller's guards on the OPTIONS handler it adds to every path too, but authentication
skips OPTIONS (no user is set there), and an OPTIONS answer only lists methods: the guards let it through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from application.errors import PermissionDenied
from application.uploads.upload_permission import refuse_role
from domain.auth.claims import TokenClaims
from domain.auth.role import Role

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]


def requires_role(*roles: Role) -> Guard:
    allowed = {role.value for role in roles}

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if _is_preflight(connection):
            return
        claims: TokenClaims = connection.user
        if claims.role not in allowed:
            raise PermissionDenied(f"the {str(claims.role)!r} role may not do this")

    return guard


def requires_upload_role(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """The upload policy's roles (INGESTA_UPLOAD_ROLES) may upload; the use case asks it again."""
    if _is_preflight(connection):
        return
    claims: TokenClaims = connection.user
    refuse_role(connection.app.state.container.upload_policy(), claims.role)


def _is_preflight(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    return connection.scope.get("method") == "OPTIONS"
