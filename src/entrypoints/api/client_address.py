"""The client's address, as far as it can be trusted: behind our own proxies, what they forwarded."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    peer = connection.client.host if connection.client else "unknown"
    trusted = connection.app.state.settings.trusted_proxies
    return str(trusted.client(peer, connection.headers.get("x-forwarded-for")))
