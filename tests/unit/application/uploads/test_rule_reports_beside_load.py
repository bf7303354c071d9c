"""Row rules report while the rows load (in a request, when no language model reads the report): the
record that commits holds their real reports, and one that turns out blocking still rejects the upload."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, BinaryIO

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.ports.language_model import LanguageModelUnavailable
from application.uploads.upload_command import UploadCommand
from application.use_cases.generate_insights import GenerateInsights
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.contracts.table_schema import TableSchema
from domain.uploads.upload import OnError, Upload, UploadStatus
from domain.validation.report import Column, RuleStatus, Severity, Validation
from domain.validation.row_rule import RowRule
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.unit

CSV = b"id,name\n1,Ana\n2,Luis\n3,Eva\n"


class SecondPassSeen:
    """A validator whose second pass tells when it has handed over its first batch."""

    def __init__(self) -> None:
        self.loading = threading.Event()

    def validate(self, source: BinaryIO, **options: Any) -> Any:
        return VALIDATOR.validate(source, **options)

    def typed_rows(self, source: BinaryIO, report: Any, **options: Any) -> Iterator[Sequence[TypedRow]]:
        for batch in VALIDATOR.typed_rows(source, report, **options):
            self.loading.set()
            yield batch

    def text_rows(self, source: BinaryIO, report: Any, **options: Any) -> Iterator[Sequence[TypedRow]]:
        return self.typed_rows(source, report, **options)

    def invalid_rows(self, source: BinaryIO, **options: Any) -> Any:
        return VALIDATOR.invalid_rows(source, **options)


class ReportingRule:
    """Counts its rows; its report says whether the rows were already loading when it was made.

    It waits up to `wait` seconds for the load to start: a load running beside the rules starts within
    milliseconds (three rows), so a test expecting "before loading" need not wait long to be sure."""

    def __init__(
        self, loading: threading.Event, severity: Severity = Severity.WARNING, wait: float = 3
    ) -> None:
        self._loading, self._severity, self._rows, self._wait = loading, severity, 0, wait

    def start(self, columns: Sequence[Column]) -> None:
        self._rows = 0

    def observe(self, row: int, cells: Sequence[str]) -> None:
        self._rows += 1

    def finish(self) -> Validation:
        beside = self._loading.wait(timeout=self._wait)
        title = "made while loading" if beside else "made before loading"
        return Validation("counted", title, self._severity, RuleStatus.FAILED, count=self._rows)


class SilentModel:
    async def complete_json(self, system: str, user: str, schema: dict[str, Any], timeout: float) -> Any:
        raise LanguageModelUnavailable("no provider configured")


async def _send(
    on_error: OnError,
    severity: Severity = Severity.WARNING,
    insights: GenerateInsights | None = None,
    wait: float = 3,
) -> tuple[Upload, Upload, int]:
    validator = SecondPassSeen()
    records, datasets = InMemoryUploadRepository(), InMemoryDatasetStore()

    def rules(contract: TableSchema | None = None) -> list[RowRule]:
        return [ReportingRule(validator.loading, severity, wait)]

    upload_csv = UploadCsv(
        validator=validator,
        units=FakeUploadUnits(records, datasets),
        datasets=datasets,
        objects=InMemoryObjectStore(),
        clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
        extra_rules=rules,
        insights=insights,
    )
    command = UploadCommand(
        dataset="sales",
        on_error=on_error,
        filename="sales.csv",
        uploaded_by="user-1",
        role=Role.UPLOADER,
        source=io.BytesIO(CSV),
    )
    upload = await upload_csv(command)
    return upload, records.records[upload.id], len(datasets.rows.get("sales", []))


async def test_the_rules_report_while_the_rows_load_and_the_record_holds_their_report() -> None:
    upload, record, loaded = await _send(OnError.REJECT)

    assert upload.status is UploadStatus.LOADED and loaded == 3
    rule = next(v for v in record.validations if v.rule == "counted")
    assert (rule.title, rule.count) == ("made while loading", 3)
    assert "pending" not in [v.rule for v in record.validations]


async def test_a_rule_report_that_blocks_rejects_the_upload_and_nothing_stays_loaded() -> None:
    upload, record, loaded = await _send(OnError.REJECT, Severity.ERROR)

    assert upload.status is UploadStatus.REJECTED and record.status is UploadStatus.REJECTED
    assert loaded == 0
    assert upload.rows.loaded == 0
    assert next(v for v in record.validations if v.rule == "counted").is_blocking


async def test_under_accept_a_blocking_rule_report_does_not_stop_the_load() -> None:
    upload, record, loaded = await _send(OnError.ACCEPT, Severity.ERROR)

    assert upload.status is UploadStatus.LOADED and loaded == 3
    assert next(v for v in record.validations if v.rule == "counted").count == 3


async def test_a_language_model_that_reads_the_report_gets_the_rules_reports_before_the_load() -> None:
    before = GenerateInsights(SilentModel(), reads_report=True)
    _, record, _ = await _send(OnError.ACCEPT, insights=before, wait=0.3)
    assert next(v for v in record.validations if v.rule == "counted").title == "made before loading"

    _, record, _ = await _send(OnError.ACCEPT, insights=GenerateInsights(SilentModel(), reads_report=False))
    assert next(v for v in record.validations if v.rule == "counted").title == "made while loading"
