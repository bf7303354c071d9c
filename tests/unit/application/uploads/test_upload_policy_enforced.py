"""UploadCsv and CheckUpload ask the upload policy themselves, whatever an entrypoint checked before."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.errors import PayloadTooLarge, PermissionDenied
from application.uploads.upload_command import UploadCommand
from application.use_cases.check_upload import CheckUpload
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.uploads.upload import OnError, UploadStatus
from domain.uploads.upload_policy import UploadPolicy

pytestmark = pytest.mark.unit

CLEAN = b"id,name\n1,Ana\n2,Luis\n"
POLICY = UploadPolicy(roles=frozenset({Role.UPLOADER}), max_bytes=len(CLEAN))


def command(role: Role, content: bytes = CLEAN) -> UploadCommand:
    return UploadCommand(
        dataset="sales",
        on_error=OnError.REJECT,
        filename="sales.csv",
        uploaded_by="user-1",
        role=role,
        source=io.BytesIO(content),
    )


class World:
    def __init__(self) -> None:
        self.uploads = InMemoryUploadRepository()
        self.datasets = InMemoryDatasetStore()
        self.objects = InMemoryObjectStore()
        self.upload_csv = UploadCsv(
            validator=VALIDATOR,
            units=FakeUploadUnits(self.uploads, self.datasets),
            datasets=self.datasets,
            objects=self.objects,
            clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
            policy=POLICY,
        )
        self.check_upload = CheckUpload(validator=VALIDATOR, datasets=self.datasets, policy=POLICY)

    def nothing_kept(self) -> bool:
        return not self.uploads.records and not self.objects.objects and not self.datasets.rows


@pytest.mark.parametrize("role", [Role.GUEST, Role.ADMIN])
async def test_a_role_outside_the_policy_is_refused_before_anything_is_kept(role: Role) -> None:
    world = World()

    with pytest.raises(
        PermissionDenied, match=f"the '{role.value}' role may not upload; roles that may: uploader"
    ):
        await world.upload_csv(command(role))
    with pytest.raises(PermissionDenied):
        await world.check_upload(command(role))

    assert world.nothing_kept()


async def test_a_file_over_the_limit_is_refused_before_anything_is_kept() -> None:
    world = World()
    too_big = CLEAN + b"3,Eva\n"

    with pytest.raises(
        PayloadTooLarge, match=f"the file has {len(too_big)} bytes; the limit is {len(CLEAN)}"
    ):
        await world.upload_csv(command(Role.UPLOADER, too_big))
    with pytest.raises(PayloadTooLarge):
        await world.check_upload(command(Role.UPLOADER, too_big))

    # Only the refused attempt is recorded (the dry run records nothing): no file, no rows.
    [refused] = world.uploads.records.values()
    assert (refused.status.value, refused.bytes, refused.object_key) == ("refused", len(too_big), "")
    assert not world.objects.objects and not world.datasets.rows


async def test_a_role_and_size_within_the_policy_load() -> None:
    world = World()

    upload = await world.upload_csv(command(Role.UPLOADER))

    assert upload.status is UploadStatus.LOADED
