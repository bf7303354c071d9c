"""An Upload moves itself from received to loaded, rejected or failed, carrying its report."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest

from domain.uploads.upload import OnError, Upload, UploadStatus
from domain.validation.report import RowCounts, RuleStatus, Severity, Validation, ValidationReport

pytestmark = pytest.mark.unit

FAILED_RULE = Validation(
    rule="type-error",
    title="Cells fit their column's type",
    severity=Severity.ERROR,
    status=RuleStatus.FAILED,
    count=1,
    truncated=False,
    samples=(),
)
REPORT = ValidationReport(
    encoding="utf-8",
    delimiter=",",
    columns=(),
    rows=RowCounts(total=3, valid=2, invalid=1),
    validations=(FAILED_RULE,),
)


def received() -> Upload:
    return Upload.received(
        id="u-1",
        dataset="sales",
        filename="sales.csv",
        bytes=10,
        sha256="a" * 64,
        object_key="sales/u-1.csv",
        uploaded_by="ana",
        created_at=datetime(2026, 12, 1, tzinfo=UTC),
        on_error=OnError.SKIP,
    )


def test_a_received_upload_has_no_report_yet() -> None:
    upload = received()

    assert upload.status is UploadStatus.RECEIVED
    assert upload.rows == RowCounts() and upload.validations == () and upload.encoding is None


def test_rejecting_carries_the_report_and_loads_nothing() -> None:
    upload = received()

    upload.reject(REPORT, insights={"summary": "one bad cell"})

    assert upload.status is UploadStatus.REJECTED
    assert upload.validations == (FAILED_RULE,) and upload.encoding == "utf-8"
    assert upload.rows.loaded == 0 and upload.insights == {"summary": "one bad cell"}


@pytest.mark.parametrize(("on_error", "loaded"), [(OnError.SKIP, 2), (OnError.ACCEPT, 3)])
def test_loading_counts_the_rows_on_error_lets_in(on_error: OnError, loaded: int) -> None:
    upload = received()

    upload.load(REPORT, on_error)

    assert upload.status is UploadStatus.LOADED
    assert upload.rows == msgspec.structs.replace(REPORT.rows, loaded=loaded)


def test_failing_keeps_the_report_says_why_and_counts_nothing_loaded() -> None:
    upload = received()
    upload.load(REPORT, OnError.SKIP)

    upload.fail("the database became unavailable")

    assert upload.status is UploadStatus.FAILED and upload.failure == "the database became unavailable"
    assert upload.rows.loaded == 0 and upload.validations == (FAILED_RULE,)


def clash_rule(count: int) -> Validation:
    status = RuleStatus.FAILED if count else RuleStatus.PASSED
    return msgspec.structs.replace(FAILED_RULE, rule="primary-key-in-dataset", status=status, count=count)


@pytest.mark.parametrize(
    ("on_error", "status", "rows"),
    [
        (OnError.SKIP, UploadStatus.LOADED, RowCounts(total=3, valid=1, invalid=2, loaded=1)),
        (OnError.ACCEPT, UploadStatus.LOADED, RowCounts(total=3, valid=2, invalid=1, loaded=2)),
        (OnError.REJECT, UploadStatus.REJECTED, RowCounts(total=3, valid=1, invalid=2, loaded=0)),
    ],
)
def test_key_clashes_found_at_load_join_the_report_and_stay_out(
    on_error: OnError, status: UploadStatus, rows: RowCounts
) -> None:
    upload = received()
    upload.load(REPORT, on_error)

    upload.find_key_clashes(clash_rule(1), on_error)

    assert upload.status is status and upload.rows == rows
    assert upload.validations == (FAILED_RULE, clash_rule(1))


def test_no_key_clash_only_adds_the_passed_rule() -> None:
    upload = received()
    upload.load(REPORT, OnError.REJECT)

    upload.find_key_clashes(clash_rule(0), OnError.REJECT)

    assert upload.status is UploadStatus.LOADED and upload.rows.loaded == 2
    assert upload.validations[-1] == clash_rule(0)


def test_an_archived_file_is_measured_and_judged_by_its_contract_version() -> None:
    upload = received()

    upload.measure(size=99, sha256="b" * 64)
    upload.judge_against(3)

    assert (upload.bytes, upload.sha256, upload.schema_version) == (99, "b" * 64, 3)


def test_its_json_keeps_the_shape_clients_read() -> None:
    upload = received()
    upload.load(REPORT, OnError.SKIP)

    body = msgspec.to_builtins(upload)

    assert list(body) == [
        "id", "dataset", "status", "filename", "bytes", "sha256", "object_key", "uploaded_by",
        "created_at", "on_error", "encoding", "delimiter", "rows", "columns", "validations", "insights",
        "failure", "mode", "schema_version", "inserted", "updated", "progress", "corrects", "refusal",
    ]  # fmt: skip
    assert body["rows"] == {"total": 3, "valid": 2, "invalid": 1, "loaded": 2}
