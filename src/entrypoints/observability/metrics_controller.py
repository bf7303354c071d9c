"""GET /metrics: Prometheus text for admins' tokens and for scrapers holding INGESTA_METRICS_TOKEN."""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Request, Response, get
from litestar.di import NamedDependency

from adapters.observability.prometheus_exposition import EXPOSITION_MEDIA_TYPE, exposition
from adapters.observability.prometheus_queue_depth import queue_depth_exposition
from application.errors import DatabaseUnavailable, PermissionDenied
from application.ports.upload_leases import UploadLeases
from application.use_cases.authenticate_token import AuthenticateToken
from domain.auth.role import Role
from entrypoints.api.authentication import bearer_token
from entrypoints.settings import Settings


@get("/metrics", exclude_from_auth=True, include_in_schema=False, cache_control=None)
async def metrics(
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    authenticate_token: NamedDependency[AuthenticateToken],
) -> Response[bytes]:
    await _authorize(request, settings.metrics_token, authenticate_token)
    return Response(content=exposition() + await _queue_depth(request), media_type=EXPOSITION_MEDIA_TYPE)


async def _queue_depth(request: Request[Any, Any, Any]) -> bytes:
    """Left out while the database is down: no number is better than a made-up one."""
    leases: UploadLeases = request.app.state.container.upload_leases()
    try:
        return queue_depth_exposition(await leases.waiting())
    except DatabaseUnavailable:
        return b""


async def _authorize(
    request: Request[Any, Any, Any], scraper_token: str | None, authenticate: AuthenticateToken
) -> None:
    token = bearer_token(request.headers.get("authorization"))
    # Constant-time, so response timing does not reveal how much of a guessed token was right.
    if scraper_token and hmac.compare_digest(token.encode(), scraper_token.encode()):
        return
    claims = await authenticate(token)
    if claims.role != Role.ADMIN.value:
        raise PermissionDenied("metrics are for admins and for scrapers holding INGESTA_METRICS_TOKEN")
