"""The rules every file is checked against: ids, titles and severities, in report order."""

from __future__ import annotations

from domain.validation.findings import Tally
from domain.validation.report import Severity

_ERROR, _WARNING, _INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


class MissingValueTally(Tally):
    """Empty cells: a warning, unless an empty cell sits in a required column."""

    def escalate(self) -> None:
        self.severity = _ERROR


class Rules:
    """One tally per rule; `in_order()` lists them as the report shows them."""

    def __init__(self, max_samples: int) -> None:
        def tally(rule: str, title: str, severity: Severity) -> Tally:
            return Tally(rule, title, severity, max_samples)

        self.encoding = tally("encoding", "Text encoding", _INFO)
        self.dialect = tally("dialect", "Delimiter and quoting", _INFO)
        self.empty_file = tally("empty-file", "File has a header and data rows", _ERROR)
        self.parse_error = tally("parse-error", "Records parse as CSV", _ERROR)
        self.blank_header = tally("blank-header", "Every column has a header", _ERROR)
        self.duplicate_header = tally("duplicate-header", "Column names are unique", _ERROR)
        self.schema_mismatch = tally("schema-mismatch", "Columns match the dataset's schema", _ERROR)
        self.blank_row = tally("blank-row", "No blank rows", _WARNING)
        self.missing_cell = tally("missing-cell", "No row has fewer cells than the header", _ERROR)
        self.extra_cell = tally("extra-cell", "No row has more cells than the header", _ERROR)
        self.missing_value = MissingValueTally("missing-value", "No empty values", _WARNING, max_samples)
        self.type_error = tally("type-error", "Values match their column's type", _ERROR)
        self.constraint_error = tally("constraint-error", "Values meet their field's constraints", _ERROR)
        self.unique_error = tally("unique-error", "Unique fields hold no repeated value", _ERROR)
        self.primary_key_error = tally("primary-key-error", "No primary key repeats within the file", _ERROR)
        self.duplicate_row = tally("duplicate-row", "No duplicate rows", _ERROR)
        self.formula_injection = tally(
            "formula-injection", "No cells a spreadsheet would run as formulas", _WARNING
        )

    def in_order(self) -> list[Tally]:
        return [
            self.encoding,
            self.dialect,
            self.empty_file,
            self.parse_error,
            self.blank_header,
            self.duplicate_header,
            self.schema_mismatch,
            self.blank_row,
            self.missing_cell,
            self.extra_cell,
            self.missing_value,
            self.type_error,
            self.constraint_error,
            self.unique_error,
            self.primary_key_error,
            self.duplicate_row,
            self.formula_injection,
        ]
