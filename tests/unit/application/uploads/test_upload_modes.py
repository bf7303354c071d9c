"""UploadCsv with a dataset contract: its version on the Upload, and the three load modes."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.errors import InvalidInput
from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.contracts.table_schema import parse_table_schema
from domain.uploads.upload import LoadMode, OnError, Upload, UploadStatus
from domain.validation.report import RowCounts, RuleStatus

pytestmark = pytest.mark.unit

KEYED = parse_table_schema(
    b'{"fields": [{"name": "id", "type": "integer"}, {"name": "name"}], "primaryKey": "id"}'
)
FIRST = b"id,name\n1,Ana\n2,Luis\n"


class Uploads:
    def __init__(self) -> None:
        self.records = InMemoryUploadRepository()
        self.datasets = InMemoryDatasetStore()
        self.upload_csv = UploadCsv(
            validator=VALIDATOR,
            units=FakeUploadUnits(self.records, self.datasets),
            datasets=self.datasets,
            objects=InMemoryObjectStore(),
            clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
        )

    async def send(
        self, content: bytes, *, mode: LoadMode = LoadMode.APPEND, on_error: OnError = OnError.REJECT
    ) -> Upload:
        command = UploadCommand(
            dataset="sales",
            on_error=on_error,
            filename="sales.csv",
            uploaded_by="user-1",
            role=Role.UPLOADER,
            source=io.BytesIO(content),
            mode=mode,
        )
        return await self.upload_csv(command)

    def names(self) -> list[object]:
        return [row.values[1] for row in self.datasets.rows["sales"]]


@pytest.fixture
async def keyed() -> Uploads:
    uploads = Uploads()
    await uploads.datasets.put_contract("sales", KEYED, if_match=None)
    await uploads.send(FIRST)
    return uploads


async def test_append_rejects_a_key_the_dataset_holds_and_names_its_upload(keyed: Uploads) -> None:
    first_id = next(iter(keyed.records.records))

    upload = await keyed.send(b"id,name\n3,Eva\n2,Luis otra\n")

    assert upload.status is UploadStatus.REJECTED
    rule = next(v for v in upload.validations if v.rule == "primary-key-in-dataset")
    assert rule.status is RuleStatus.FAILED and rule.count == 1
    assert rule.samples[0].row == 3 and first_id in rule.samples[0].message
    assert upload.rows == RowCounts(total=2, valid=1, invalid=1, loaded=0)
    assert keyed.records.records[upload.id].status is UploadStatus.REJECTED
    assert keyed.names() == ["Ana", "Luis"]


async def test_append_under_skip_loads_only_the_new_keys(keyed: Uploads) -> None:
    upload = await keyed.send(b"id,name\n3,Eva\n2,Luis otra\n", on_error=OnError.SKIP)

    assert upload.status is UploadStatus.LOADED
    assert (upload.rows.loaded, upload.inserted, upload.updated) == (1, 1, 0)
    assert keyed.names() == ["Ana", "Luis", "Eva"]


async def test_a_clean_append_reports_the_key_rule_as_passed(keyed: Uploads) -> None:
    upload = await keyed.send(b"id,name\n3,Eva\n")

    rule = next(v for v in upload.validations if v.rule == "primary-key-in-dataset")
    assert rule.status is RuleStatus.PASSED and upload.schema_version == 1


async def test_upsert_replaces_rows_with_the_same_key(keyed: Uploads) -> None:
    upload = await keyed.send(b"id,name\n2,Luis otra\n3,Eva\n", mode=LoadMode.UPSERT)

    assert (upload.inserted, upload.updated, upload.rows.loaded) == (1, 1, 2)
    assert upload.mode is LoadMode.UPSERT
    assert keyed.names() == ["Ana", "Luis otra", "Eva"]


async def test_replace_keeps_only_the_uploads_rows(keyed: Uploads) -> None:
    await keyed.send(b"id,name\n9,Zoe\n", mode=LoadMode.REPLACE)

    assert keyed.names() == ["Zoe"]


async def test_upsert_without_a_primary_key_is_refused_before_anything_is_recorded() -> None:
    uploads = Uploads()

    with pytest.raises(InvalidInput, match="primaryKey"):
        await uploads.send(FIRST, mode=LoadMode.UPSERT)

    assert uploads.records.records == {}


async def test_the_upload_names_the_contract_version_it_was_checked_against(keyed: Uploads) -> None:
    await keyed.datasets.put_contract(
        "sales",
        parse_table_schema(
            b'{"fields": [{"name": "id", "type": "integer"}, {"name": "name"}, {"name": "x"}]}'
        ),
        if_match='"v1"',
    )

    upload = await keyed.send(b"id,name,x\n5,Ana,1\n")

    assert upload.schema_version == 2
    assert keyed.datasets.plans[-1].key == ()
