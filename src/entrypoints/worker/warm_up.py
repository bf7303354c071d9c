"""Load, before a worker takes its first job, what that job would otherwise load inside its own time."""

from __future__ import annotations

import io

from domain.uploads.upload import OnError
from domain.validation.engine import ValidationOptions
from domain.validation.reading import never
from entrypoints.container import Container

# Unquoted UTF-8 with each type the column-wise reading tells apart, so Arrow reads it as it reads an upload.
WARM_UP_CSV = (
    b"id,name,amount,day,at,flag\n"
    b"1,ana,1.50,2024-01-02,2024-01-02T10:00:00Z,true\n"
    b"2,ivo,2.25,2024-01-03,2024-01-03T11:30:00Z,false\n"
)


def warm_up(container: Container) -> None:
    """About a CPU-second on first use (the broker's client and aiohttp, Arrow and its compute kernels,
    numpy, and pandas, which Arrow loads when it is installed) is paid here, once per process, instead
    of by the first job."""
    container.job_queue()
    container.process_upload_job()
    validator = container.csv_validator()
    report, plan = validator.validate(
        io.BytesIO(WARM_UP_CSV), contract=None, options=ValidationOptions(), extra_rules=(), stop=never
    )
    batches = validator.typed_rows(
        io.BytesIO(WARM_UP_CSV), report, on_error=OnError.SKIP, batch_size=10, plan=plan, contract=None
    )
    for _ in batches:
        pass
