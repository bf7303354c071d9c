"""Rate limits written as `N/second`, `N/minute` or `N/hour`."""

from __future__ import annotations

import msgspec

from domain.errors import DomainValidationError

_WINDOWS = {"second": 1, "minute": 60, "hour": 3600}


class RateLimit(msgspec.Struct, frozen=True):
    limit: int
    window_seconds: int

    @classmethod
    def parse(cls, raw: str) -> RateLimit:
        count, _, unit = raw.strip().lower().partition("/")
        unit = unit.strip().removesuffix("s") if unit.strip() != "s" else "second"
        if not count.strip().isdigit() or int(count) < 1 or unit not in _WINDOWS:
            raise DomainValidationError(
                f"rate limit {raw!r} is not valid; write it as N/second, N/minute or N/hour, e.g. '20/minute'"
            )
        return cls(limit=int(count), window_seconds=_WINDOWS[unit])
