"""`ingesta worker` loads what a job needs before it takes one, so the first job is not the slow one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

# What the first job used to load inside its own time: Arrow's reader and compute kernels, the validator.
FIRST_JOB_MODULES = ("pyarrow.compute", "pyarrow.csv", "adapters.validation.arrow_csv_validator")

PROBE = """
import json, sys
from entrypoints.container import build_container
from entrypoints.settings import load_settings
from entrypoints.worker.warm_up import warm_up

modules = json.loads(sys.argv[1])
container = build_container(load_settings())
before = [name for name in modules if name in sys.modules]
warm_up(container)
print(json.dumps({"before": before, "after": [name for name in modules if name in sys.modules]}))
"""


def test_the_warm_up_loads_what_the_first_job_would(tmp_path: Path) -> None:
    environment = {"INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ingesta.sqlite3'}", "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(FIRST_JOB_MODULES)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == {"before": [], "after": list(FIRST_JOB_MODULES)}
