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
        # isdigit() alone accepts characters such as '²' that int() refuses; only ASCII digits are a count.
        digits = count.strip()
        if not (digits.isascii() and digits.isdigit()) or int(digits) < 1 or unit not in _WINDOWS:
            raise DomainValidationError(
                f"rate limit {raw!r} is not valid; write it as N/second, N/minute or N/hour, e.g. '20/minute'"
            )
        return cls(limit=int(digits), window_seconds=_WINDOWS[unit])
