"""AcceptUpload asks the upload policy itself: a queued upload is let in by the same rules as one
processed in its request (its worker's run does not ask again)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.job_fakes import InMemoryUploadLeases, RecordingJobQueue
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository

from application.errors import PayloadTooLarge, PermissionDenied
from application.uploads.upload_command import UploadCommand
from application.use_cases.accept_upload import AcceptUpload
from domain.auth.role import Role
from domain.uploads.upload import OnError, RefusalReason, UploadStatus
from domain.uploads.upload_policy import UploadPolicy

pytestmark = pytest.mark.unit

CLEAN = b"id,name\n1,Ana\n2,Luis\n"
POLICY = UploadPolicy(roles=frozenset({Role.UPLOADER}), max_bytes=len(CLEAN))


class World:
    def __init__(self) -> None:
        self.uploads = InMemoryUploadRepository()
        self.datasets = InMemoryDatasetStore()
        self.objects = InMemoryObjectStore()
        self.queue = RecordingJobQueue()
        self.accept = AcceptUpload(
            units=FakeUploadUnits(self.uploads, self.datasets),
            leases=InMemoryUploadLeases(self.uploads),
            datasets=self.datasets,
            objects=self.objects,
            queue=self.queue,
            clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
            policy=POLICY,
        )

    async def accepted(self, role: Role, content: bytes = CLEAN) -> str:
        command = UploadCommand(
            dataset="sales",
            on_error=OnError.REJECT,
            filename="sales.csv",
            uploaded_by="user-1",
            role=role,
            source=io.BytesIO(content),
        )
        return (await self.accept(command)).id

    def untouched(self) -> bool:
        return not self.uploads.records and not self.objects.objects and not self.queue.jobs


async def test_a_role_the_policy_refuses_is_not_queued() -> None:
    world = World()

    with pytest.raises(PermissionDenied, match="the 'guest' role may not upload; roles that may: uploader"):
        await world.accepted(Role.GUEST)

    assert world.untouched()


async def test_a_file_over_the_limit_is_not_queued() -> None:
    world = World()

    with pytest.raises(PayloadTooLarge, match=f"the file has {len(CLEAN) + 4} bytes; the limit is"):
        await world.accepted(Role.UPLOADER, CLEAN + b"3,E\n")

    # Nothing archived or queued; only the refused attempt is recorded, for its sender's history.
    assert not world.objects.objects and not world.queue.jobs
    assert [(u.status, u.refusal) for u in world.uploads.records.values()] == [
        (UploadStatus.REFUSED, RefusalReason.TOO_LARGE)
    ]


async def test_a_role_and_size_the_policy_allows_are_queued() -> None:
    world = World()

    upload_id = await world.accepted(Role.UPLOADER)

    assert world.uploads.records[upload_id].status is UploadStatus.QUEUED
