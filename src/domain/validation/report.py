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
    TIME = "time"  # only from a contract: never inferred


class Sample(msgspec.Struct, frozen=True, omit_defaults=False):
    """One concrete finding: where it is and what is wrong with it.

    `row` counts records with the header as row 1; `value` is an excerpt, never a whole huge cell.
    A finding about two rows (near duplicates) also names the other row, the score, and the columns
    that agree and differ; other findings leave those at their defaults.
    """

    row: int | None
    column: str | None
    value: str | None
    message: str
    related_row: int | None = None
    score: float | None = None
    agree: tuple[str, ...] = ()
    differ: tuple[str, ...] = ()


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


# Rules about the file as a whole: when one fails no row can be trusted to fit the dataset, so nothing
# loads whatever `on_error` says (it chooses between rows, not between files).
FILE_LEVEL_RULES = frozenset({"empty-file", "blank-header", "duplicate-header", "schema-mismatch"})


class CellLocale(msgspec.Struct, frozen=True):
    """How one file writes numbers and dates, decided once from its first bytes (`locale_detection`)."""

    comma_decimal: bool = False  # `,` is a decimal separator (files delimited with `;`)
    group_dot: bool = False  # `.` groups thousands, `,` is the decimal separator: 1.234,56
    day_first: bool | None = None  # slash dates are d/m/Y (True) or m/d/Y (False); None: they are text


class ValidationReport(msgspec.Struct, frozen=True):
    """What validating one file found: its detected format, its columns and every rule's outcome."""

    encoding: str | None
    delimiter: str | None
    columns: tuple[Column, ...]
    rows: RowCounts
    validations: tuple[Validation, ...]
    # None in reports made before it existed: then only the delimiter decided (`;` = decimal comma).
    locale: CellLocale | None = None

    @property
    def cell_locale(self) -> CellLocale:
        return self.locale or CellLocale(comma_decimal=self.delimiter == ";")

    @property
    def has_errors(self) -> bool:
        return any(v.is_blocking for v in self.validations)

    @property
    def blocks_every_row(self) -> bool:
        """A file-level rule failed as an error, or there is no data row at all: nothing to load."""
        file_level = any(v.is_blocking and v.rule in FILE_LEVEL_RULES for v in self.validations)
        return file_level or self.rows.total == 0
