"""Helpers shared by the validation tests: build files in memory and read reports."""

from __future__ import annotations

import io

from adapters.validation.csv_files import iter_typed_rows, validate_csv
from domain.uploads.upload import OnError
from domain.validation.report import Validation, ValidationReport
from domain.validation.typed_row import TypedRow


def csv_bytes(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def validate_text(text: str, encoding: str = "utf-8", **kwargs: object) -> ValidationReport:
    return validate_csv(csv_bytes(text, encoding), **kwargs)  # type: ignore[arg-type]


def rule(report: ValidationReport, rule_id: str) -> Validation:
    return next(v for v in report.validations if v.rule == rule_id)


def rows_of(source: io.BytesIO, report: ValidationReport, on_error: OnError) -> list[TypedRow]:
    return [row for batch in iter_typed_rows(source, report, on_error=on_error) for row in batch]
