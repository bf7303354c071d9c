"""A digest computed while the file was received is used as it is: the file is not read again for it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.uploads.file_digest import FileDigest
from application.uploads.upload_command import UploadCommand
from application.use_cases.check_upload import CheckUpload
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.uploads.upload import OnError

pytestmark = pytest.mark.unit

CLEAN = b"id,name\n1,Ana\n2,Luis\n"
# Not the file's real SHA-256: only a use case that trusts the given digest records this one.
GIVEN = FileDigest(size=len(CLEAN), sha256="ab" * 32, head=CLEAN)


def _command() -> UploadCommand:
    return UploadCommand(
        dataset="sales",
        on_error=OnError.REJECT,
        filename="s.csv",
        uploaded_by="u",
        role=Role.UPLOADER,
        source=io.BytesIO(CLEAN),
        digest=GIVEN,
    )


async def test_an_upload_records_the_digest_it_was_given() -> None:
    datasets = InMemoryDatasetStore()
    upload_csv = UploadCsv(
        validator=VALIDATOR,
        units=FakeUploadUnits(InMemoryUploadRepository(), datasets),
        datasets=datasets,
        objects=InMemoryObjectStore(),
        clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
    )

    upload = await upload_csv(_command())

    assert upload.sha256 == GIVEN.sha256 and upload.bytes == len(CLEAN)


async def test_a_dry_run_uses_the_digest_it_was_given() -> None:
    check = CheckUpload(validator=VALIDATOR, datasets=InMemoryDatasetStore())

    result = await check(_command())

    assert result.sha256 == GIVEN.sha256


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"id,name\n1,Ana\n2,Luis\n", 2),
        (b"id,name\n1,Ana\n2,Luis", 2),  # no line break after the last row
        (b"id,name\n", 0),
        (b"", 0),
        (b"id,name\r\n1,Ana\r\n", 1),
    ],
)
def test_a_digest_counts_the_rows_a_csv_file_promises(content: bytes, expected: int) -> None:
    from application.uploads.file_digest import digest_file

    assert digest_file(io.BytesIO(content)).rows_expected == expected


def test_a_workbook_promises_no_row_count() -> None:
    from application.uploads.file_digest import digest_file

    workbook = b"PK\x03\x04" + b"\x00" * 26 + b"[Content_Types].xml xl/workbook.xml" + b"\n" * 50
    assert digest_file(io.BytesIO(workbook)).rows_expected is None
