"""Counting attempts per client across every worker process."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class RateLimiter(Protocol):
    async def hit(self, key: str, *, limit: int, window_seconds: int, now: datetime) -> int | None:
        """Count one attempt for `key`. None while within `limit`; otherwise seconds until retrying helps."""
        ...
