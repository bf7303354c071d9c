"""Without OTEL_* variables a queued upload's job runs without importing OpenTelemetry.

In a process of its own, since the unit tier's tracing tests import OpenTelemetry; moved from the unit
tier (`tests/unit/entrypoints/observability/test_tracing.py`) because starting that process was the
costliest of its tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]


def test_without_otel_variables_a_job_is_accepted_and_run_without_importing_opentelemetry() -> None:
    # In a process of its own: this one imported OpenTelemetry for the tests above.
    code = textwrap.dedent(
        """
        import asyncio, sys
        from tests.support.job_world import World
        from entrypoints.observability.tracing import tracing_from_environment

        async def main():
            world = World(tracer=tracing_from_environment({}, http=False).tracer)
            await world.accepted()
            await world.queue.run_all(world.worker())

        asyncio.run(main())
        print(sorted(m for m in sys.modules if m.split(".")[0] == "opentelemetry"))
        """
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "src")])
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
