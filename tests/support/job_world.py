"""A world of job fakes: the accepting side, workers and the reaper over one set of in-memory records."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.job_fakes import InMemoryUploadLeases, RecordingJobQueue
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.ports.csv_validator import CsvValidator
from application.ports.dataset_store import DatasetStore
from application.ports.tracer import Tracer
from application.ports.upload_leases import UploadLeases
from application.ports.upload_metrics import UploadMetrics
from application.ports.upload_repository import UploadRepository
from application.ports.upload_unit_of_work import UploadUnits
from application.uploads.upload_command import UploadCommand
from application.use_cases.accept_upload import AcceptUpload
from application.use_cases.process_upload_job import ProcessUploadJob
from application.use_cases.reap_upload_jobs import ReapUploadJobs
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.uploads.upload import OnError

CSV = b"id,name,price\n" + b"".join(b"%d,name %d,%d.50\n" % (i, i, i) for i in range(1, 12_001))
LEASE = 60.0


class World:
    """`tracer` goes to the accepting side and to every worker, as the container gives it."""

    def __init__(
        self, max_attempts: int = 3, tracer: Tracer | None = None, validator: CsvValidator = VALIDATOR
    ) -> None:
        self.clock = FixedClock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
        self.uploads = InMemoryUploadRepository()
        self.datasets = InMemoryDatasetStore()
        self.units = FakeUploadUnits(self.uploads, self.datasets)
        self.objects = InMemoryObjectStore()
        self.leases = InMemoryUploadLeases(self.uploads)
        self.queue = RecordingJobQueue()
        self.max_attempts = max_attempts
        self.tracer = tracer
        self.validator = validator

    def use(
        self,
        *,
        uploads: UploadRepository,
        datasets: DatasetStore,
        units: UploadUnits,
        leases: UploadLeases,
    ) -> None:
        """Run over real adapters (a database) instead of the in-memory fakes."""
        self.uploads, self.datasets, self.units, self.leases = uploads, datasets, units, leases  # type: ignore[assignment]

    @property
    def accept(self) -> AcceptUpload:
        return AcceptUpload(
            units=self.units,
            leases=self.leases,
            datasets=self.datasets,
            objects=self.objects,
            queue=self.queue,
            clock=self.clock,
            queue_wait_seconds=LEASE,
            tracer=self.tracer,
        )

    def worker(
        self,
        owner: str = "worker-1",
        lease: float = LEASE,
        leases: UploadLeases | None = None,
        metrics: UploadMetrics | None = None,
    ) -> ProcessUploadJob:
        """`leases`: this worker's view of the leases (one that stalls it at a phase, say)."""
        upload_csv = UploadCsv(
            validator=self.validator,
            units=self.units,
            datasets=self.datasets,
            objects=self.objects,
            clock=self.clock,
            tracer=self.tracer,
        )
        return ProcessUploadJob(
            uploads=self.uploads,
            units=self.units,
            leases=leases or self.leases,
            objects=self.objects,
            upload_csv=upload_csv,
            clock=self.clock,
            owner=owner,
            lease_seconds=lease,
            max_attempts=self.max_attempts,
            tracer=self.tracer,
            metrics=metrics,
        )

    def reaper(self) -> ReapUploadJobs:
        return ReapUploadJobs(
            leases=self.leases,
            queue=self.queue,
            clock=self.clock,
            max_attempts=self.max_attempts,
            queue_wait_seconds=LEASE,
        )

    async def accepted(self, content: bytes = CSV) -> str:
        upload = await self.accept(
            UploadCommand(
                dataset="sales",
                on_error=OnError.REJECT,
                filename="sales.csv",
                uploaded_by="ana",
                role=Role.UPLOADER,
                source=io.BytesIO(content),
                language="es",
            )
        )
        return upload.id

    def later(self, seconds: float) -> None:
        self.clock.advance(seconds)
