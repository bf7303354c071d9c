"""Controller-wide guards that leave Litestar's automatic OPTIONS answers alone.

Litestar runs a controller's guards on the OPTIONS handler it adds to every path, but authentication skips
OPTIONS (no user is set), so a role guard there failed with a 500. An OPTIONS answer only lists methods.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from entrypoints.api.guards import Guard


def except_preflight(guard: Guard) -> Guard:
    def guarded(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
        if connection.scope.get("method") != "OPTIONS":
            guard(connection, handler)

    return guarded
