"""GET /uploads/{id}/events: an upload's status and progress as Server-Sent Events, until it is final."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from typing import Any

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import ServerSentEvent
from litestar.response.sse import ServerSentEventMessage

from application.errors import NotFound
from application.use_cases.get_upload import GetUpload
from domain.auth.claims import TokenClaims
from domain.uploads.upload import Upload
from entrypoints.api.dependencies import container_of

# The record is the one place every API process and worker agrees on, so the stream reads it: a
# worker on another machine needs no channel to this process.
POLL_SECONDS = 0.5
KEEPALIVE_SECONDS = 15.0


class UploadState(msgspec.Struct, frozen=True):
    id: str
    status: str
    progress: Any
    rows: Any
    failure: str | None


@get(
    "/uploads/{upload_id:str}/events",
    summary="The upload's status and progress as Server-Sent Events (text/event-stream) until final",
)
async def upload_events(
    request: Request[TokenClaims, str, Any], get_upload: NamedDependency[GetUpload], upload_id: FromPath[str]
) -> ServerSentEvent:
    """Each event `status` carries {id, status, progress, rows, failure}; the stream ends after the
    final one (`loaded`, `rejected`, `failed`, `cancelled`), so `EventSource` clients should close on it."""
    return await upload_event_stream(request, get_upload, upload_id, request.user)


async def upload_event_stream(
    request: Request[Any, Any, Any], get_upload: GetUpload, upload_id: str, viewer: TokenClaims
) -> ServerSentEvent:
    """The stream for `viewer` (a bearer token here, the session cookie on the web page's route)."""
    first = await get_upload(upload_id, viewer)  # 404 before the stream starts
    deadline = time.monotonic() + container_of(request).settings().max_processing_seconds
    return ServerSentEvent(_events(first, get_upload, viewer, deadline))


async def _events(
    upload: Upload, get_upload: GetUpload, viewer: TokenClaims, deadline: float
) -> AsyncGenerator[ServerSentEventMessage, None]:
    sent: bytes | None = None
    quiet_since = time.monotonic()
    while True:
        state = msgspec.json.encode(_state(upload))
        if state != sent:
            sent, quiet_since = state, time.monotonic()
            yield ServerSentEventMessage(data=state.decode(), event="status")
        elif time.monotonic() - quiet_since > KEEPALIVE_SECONDS:
            quiet_since = time.monotonic()
            yield ServerSentEventMessage(comment="keep-alive")
        if upload.status.is_final or time.monotonic() > deadline:
            return
        await asyncio.sleep(POLL_SECONDS)
        try:
            upload = await get_upload(upload.id, viewer)
        except NotFound:
            return


def _state(upload: Upload) -> UploadState:
    return UploadState(
        id=upload.id,
        status=upload.status.value,
        progress=msgspec.to_builtins(upload.progress),
        rows=msgspec.to_builtins(upload.rows),
        failure=upload.failure,
    )
