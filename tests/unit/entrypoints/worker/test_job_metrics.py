"""Each job a worker runs is counted and timed by outcome in /metrics."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from entrypoints.worker.runtime import timed

pytestmark = pytest.mark.unit


def sample(name: str, outcome: str) -> float:
    return REGISTRY.get_sample_value(name, {"outcome": outcome}) or 0.0


async def test_a_job_that_returns_is_done_and_one_that_raises_is_a_retry() -> None:
    done, retry = sample("ingesta_upload_jobs_total", "done"), sample("ingesta_upload_jobs_total", "retry")
    timed_before = sample("ingesta_upload_job_duration_seconds_count", "retry")

    async def fine() -> None:
        return None

    async def down() -> None:
        raise RuntimeError("the broker went away")

    await timed(fine())
    with pytest.raises(RuntimeError):
        await timed(down())

    assert sample("ingesta_upload_jobs_total", "done") == done + 1
    assert sample("ingesta_upload_jobs_total", "retry") == retry + 1
    assert sample("ingesta_upload_job_duration_seconds_count", "retry") == timed_before + 1
