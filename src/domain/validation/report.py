"""The report of every validation applied to one file, passed or failed."""

from __future__ import annotations

from enum import StrEnum

import msgspec


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class RuleStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class ColumnType(StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    STRING = "string"


class Sample(msgspec.Struct, frozen=True, omit_defaults=False):
    """One concrete finding: where it is and what is wrong with it.

    `row` counts records with the header as row 1; `value` is an excerpt, never a whole huge cell.
    """

    row: int | None
    column: str | None
    value: str | None
    message: str


class Validation(msgspec.Struct, frozen=True):
    """One rule as applied to one file: `count` is the full count, `samples` are capped."""

    rule: str
    title: str
    severity: Severity
    status: RuleStatus
    count: int = 0
    truncated: bool = False
    samples: tuple[Sample, ...] = ()

    @property
    def is_blocking(self) -> bool:
        return self.severity is Severity.ERROR and self.status is RuleStatus.FAILED


class Column(msgspec.Struct, frozen=True):
    """A column as stored: a safe SQL name, the header it came from and its type."""

    name: str
    source_name: str
    type: ColumnType
    # Set by the dataset's schema contract: an empty value here is an error, not a warning.
    required: bool = False


class RowCounts(msgspec.Struct, frozen=True):
    total: int = 0
    valid: int = 0
    invalid: int = 0
    loaded: int = 0


class ValidationReport(msgspec.Struct, frozen=True):
    """What validating one file found: its detected format, its columns and every rule's outcome."""

    encoding: str | None
    delimiter: str | None
    columns: tuple[Column, ...]
    rows: RowCounts
    validations: tuple[Validation, ...]

    @property
    def has_errors(self) -> bool:
        return any(v.is_blocking for v in self.validations)
