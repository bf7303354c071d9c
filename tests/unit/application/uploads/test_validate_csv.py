"""ValidateCsv: the offline check the command line and the MCP tool run is the upload's own judgement."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from application.use_cases.validate_csv import ValidateCsv
from domain.auth.role import Role
from domain.contracts.table_schema import TableSchema, parse_table_schema
from domain.uploads.upload import OnError
from domain.validation.report import Column, RuleStatus, Severity, Validation
from domain.validation.row_rule import RowRule

pytestmark = pytest.mark.unit

WITH_ERRORS = b"id,name,price\n1,Ana,10.50\n2,Luis,not-a-price\n2,Luis,not-a-price\n"
CONTRACT = parse_table_schema(
    b'{"fields": [{"name": "id", "type": "integer"}, {"name": "name"}, {"name": "price", "type": "number"}]}'
)


class CountingRule:
    """A row rule that counts the rows it saw."""

    def __init__(self) -> None:
        self.rows = 0

    def start(self, columns: Sequence[Column]) -> None:
        self.rows = 0

    def observe(self, row: int, cells: Sequence[str]) -> None:
        self.rows += 1

    def finish(self) -> Validation:
        return Validation("counted-rows", "Rows counted", Severity.INFO, RuleStatus.PASSED, self.rows)


def counting_rules(made: list[TableSchema | None]):  # type: ignore[no-untyped-def]
    def factory(contract: TableSchema | None) -> list[RowRule]:
        made.append(contract)
        return [CountingRule()]

    return factory


async def test_the_report_is_the_one_the_upload_records() -> None:
    datasets = InMemoryDatasetStore()
    upload = await UploadCsv(
        validator=VALIDATOR,
        units=FakeUploadUnits(InMemoryUploadRepository(), datasets),
        datasets=datasets,
        objects=InMemoryObjectStore(),
        clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
    )(
        UploadCommand(
            dataset="sales",
            on_error=OnError.SKIP,
            filename="sales.csv",
            uploaded_by="u",
            role=Role.UPLOADER,
            source=io.BytesIO(WITH_ERRORS),
        )
    )

    report = (await ValidateCsv(validator=VALIDATOR)(io.BytesIO(WITH_ERRORS))).report

    assert report.validations == upload.validations and report.has_errors
    assert report.rows.total == upload.rows.total and report.columns == upload.columns


async def test_fresh_extra_rules_are_made_for_each_file_with_its_contract() -> None:
    made: list[TableSchema | None] = []
    validate = ValidateCsv(validator=VALIDATOR, extra_rules=counting_rules(made))

    first = (await validate(io.BytesIO(WITH_ERRORS), CONTRACT)).report
    second = (await validate(io.BytesIO(WITH_ERRORS))).report

    assert made == [CONTRACT, None]
    for report in (first, second):
        [counted] = [v for v in report.validations if v.rule == "counted-rows"]
        assert counted.count == 3


def test_the_command_line_gets_the_same_report_without_an_event_loop() -> None:
    report = ValidateCsv(validator=VALIDATOR).report(io.BytesIO(WITH_ERRORS), CONTRACT)

    assert report.has_errors and report.rows.total == 3
