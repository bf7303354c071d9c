"""The request id: the caller's `X-Request-ID` when it is a sane token, otherwise a fresh one."""

from __future__ import annotations

import os
import re
from contextvars import ContextVar
from typing import Any

REQUEST_ID_HEADER = "x-request-id"
# Bounded in length and charset, so a client cannot push log-forging newlines or megabytes into our logs.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)
# The ASGI scope of the request being served: the log filter reads the authenticated user from it.
current_scope: ContextVar[dict[str, Any] | None] = ContextVar("current_scope", default=None)


def request_id_from(header: str | None) -> str:
    if header is not None and _SANE_REQUEST_ID.fullmatch(header):
        return header
    # 128 random bits as 32 hex digits, like uuid4().hex, without building a UUID object per request.
    return os.urandom(16).hex()
