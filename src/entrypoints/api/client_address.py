"""The client's address, as far as it can be trusted: behind our own proxies, what they forwarded."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    # Read from the ASGI scope: every login asks, and Litestar's Address and Headers objects cost more
    # than the answer when no proxy is trusted (the default), where no header is read at all.
    peer = connection.scope.get("client")
    host = str(peer[0]) if peer else "unknown"
    trusted = connection.app.state.settings.trusted_proxies
    if not trusted.networks:
        return host
    return str(trusted.client(host, connection.headers.get("x-forwarded-for")))
