from __future__ import annotations

import pytest

from domain.auth.rate_limit import RateLimit
from domain.errors import DomainValidationError

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "limit", "window_seconds"),
    [
        ("20/minute", 20, 60),
        ("5/second", 5, 1),
        ("100/hour", 100, 3600),
        ("3/minutes", 3, 60),
        (" 7 / Hour ", 7, 3600),
        ("1/s", 1, 1),
    ],
)
def test_rate_limit_parse_reads_count_and_window(raw: str, limit: int, window_seconds: int) -> None:
    assert RateLimit.parse(raw) == RateLimit(limit=limit, window_seconds=window_seconds)


@pytest.mark.parametrize(
    "raw",
    ["", "20", "20/", "/minute", "0/minute", "-1/minute", "1.5/minute", "20/day", "twenty/minute",
     "20/minute/x", "²/minute", "20 per minute"],
)  # fmt: skip
def test_rate_limit_parse_refuses_bad_values_with_an_example(raw: str) -> None:
    with pytest.raises(DomainValidationError, match="20/minute"):
        RateLimit.parse(raw)
