"""Metrics summed over `ingesta serve --workers N`: prometheus-client's multiprocess mode.

The parent makes a temporary folder and names it in PROMETHEUS_MULTIPROC_DIR before the workers start
(they are spawned, so each imports prometheus-client with the variable set and writes its values
there); /metrics in any worker then reads every worker's files. The folder goes when the parent exits.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from adapters.observability.prometheus_exposition import MULTIPROCESS_DIRECTORY_VARIABLE


@contextmanager
def shared_metrics_directory(workers: int) -> Iterator[str | None]:
    if workers <= 1 or os.environ.get(MULTIPROCESS_DIRECTORY_VARIABLE):
        # One process keeps its metrics in memory; an operator's own directory is theirs to manage.
        yield os.environ.get(MULTIPROCESS_DIRECTORY_VARIABLE)
        return
    directory = tempfile.mkdtemp(prefix="ingesta-metrics-")
    os.environ[MULTIPROCESS_DIRECTORY_VARIABLE] = directory
    try:
        yield directory
    finally:
        os.environ.pop(MULTIPROCESS_DIRECTORY_VARIABLE, None)
        shutil.rmtree(directory, ignore_errors=True)
