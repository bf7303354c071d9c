"""UploadCsv asks for pass 2 as text only when its store parses text and no key has to be matched."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, BinaryIO

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.contracts.table_schema import parse_table_schema
from domain.uploads.upload import OnError, UploadStatus
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.unit

KEYED = b'{"fields": [{"name": "id", "type": "integer"}, {"name": "name"}], "primaryKey": "id"}'


class RecordingValidator:
    """The default engine, noting which pass 2 it was asked for."""

    def __init__(self) -> None:
        self.second_passes: list[str] = []

    def validate(self, source: BinaryIO, **options: Any) -> Any:
        return VALIDATOR.validate(source, **options)

    def typed_rows(self, source: BinaryIO, report: Any, **options: Any) -> Iterator[Sequence[TypedRow]]:
        self.second_passes.append("typed")
        return VALIDATOR.typed_rows(source, report, **options)

    def text_rows(self, source: BinaryIO, report: Any, **options: Any) -> Iterator[Sequence[TypedRow]]:
        self.second_passes.append("text")
        return VALIDATOR.text_rows(source, report, **options)

    def invalid_rows(self, source: BinaryIO, **options: Any) -> Any:
        return VALIDATOR.invalid_rows(source, **options)


async def _send(load_as_text: bool, contract: bytes | None = None) -> tuple[list[str], list[TypedRow]]:
    validator = RecordingValidator()
    datasets = InMemoryDatasetStore()
    if contract is not None:
        await datasets.put_contract("sales", parse_table_schema(contract), if_match=None)
    upload_csv = UploadCsv(
        validator=validator,
        units=FakeUploadUnits(InMemoryUploadRepository(), datasets),
        datasets=datasets,
        objects=InMemoryObjectStore(),
        clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
        load_as_text=load_as_text,
    )
    upload = await upload_csv(
        UploadCommand(
            dataset="sales",
            on_error=OnError.ACCEPT,
            filename="sales.csv",
            uploaded_by="user-1",
            role=Role.UPLOADER,
            source=io.BytesIO(b"id,name\n1,Ana\n2,Luis\n"),
        )
    )
    assert upload.status is UploadStatus.LOADED
    return validator.second_passes, list(datasets.rows["sales"])


async def test_a_store_that_parses_text_gets_the_rows_as_text_and_they_are_the_same_rows() -> None:
    passes, rows = await _send(load_as_text=True)
    assert passes == ["text"]
    assert [row.values for row in rows] == [(1, "Ana"), (2, "Luis")]


async def test_rows_matched_by_a_key_and_other_stores_get_typed_rows() -> None:
    assert (await _send(load_as_text=True, contract=KEYED))[0] == ["typed"]
    assert (await _send(load_as_text=False))[0] == ["typed"]
