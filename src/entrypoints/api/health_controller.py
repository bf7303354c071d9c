"""GET /health (the process answers) and GET /ready (its database and object store answer)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency

from application.errors import InvalidToken, ServiceUnavailable
from application.use_cases.authenticate_token import AuthenticateToken
from domain.auth.role import Role
from entrypoints.api.authentication import bearer_token
from entrypoints.api.schemas import HealthResponse
from entrypoints.disk_probes import Probe
from entrypoints.settings import Settings


class HealthController(Controller):
    tags = ["operations"]

    @get("/health", exclude_from_auth=True)
    async def health(self, settings: NamedDependency[Settings]) -> HealthResponse:
        # The worker id lets operators (and the multi-worker test) see which process answered.
        checks = {} if settings.is_production else {"worker": str(os.getpid())}
        return HealthResponse(status="ok", checks=checks)

    @get("/ready", exclude_from_auth=True)
    async def ready(
        self,
        request: Request[Any, Any, Any],
        readiness_probes: NamedDependency[dict[str, Probe]],
        authenticate_token: NamedDependency[AuthenticateToken],
    ) -> Response[Any]:
        """Which dependencies answer; only an admin's bearer token gets the reason one does not."""
        probes = readiness_probes
        # Concurrently: a silent dependency costs its own timeout once, not added to the others'.
        outcomes = await asyncio.gather(*(_check(probe) for probe in probes.values()))
        checks = dict(zip(probes, outcomes, strict=True))
        failed = any(value != "ok" for value in checks.values())
        if failed and not await _is_admin(request, authenticate_token):
            checks = {name: value if value == "ok" else "unavailable" for name, value in checks.items()}
        healthy = all(value == "ok" for value in checks.values())
        body = HealthResponse(status="ok" if healthy else "unavailable", checks=checks)
        return Response(
            body, status_code=200 if healthy else 503, headers={} if healthy else {"Retry-After": "5"}
        )


async def _check(probe: Callable[[], Awaitable[None]]) -> str:
    try:
        await probe()
    except ServiceUnavailable as error:
        return error.detail
    return "ok"


async def _is_admin(request: Request[Any, Any, Any], authenticate: AuthenticateToken) -> bool:
    # Error texts name hosts and ports; load balancers probing anonymously need only the status.
    if "authorization" not in request.headers:
        return False
    try:
        token = bearer_token(request.headers.get("authorization"))
        claims = await authenticate(token)
    except (InvalidToken, ServiceUnavailable):
        return False
    return claims.role == Role.ADMIN.value
