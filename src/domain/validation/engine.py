"""Validating a CSV file in one streaming pass, then reading it back as typed rows in a second one.

Counting decisions:
- `rows.total` counts data records after the header, including broken (unparseable) records but not blank
  rows, which are reported as warnings and never loaded. `valid` rows have no error-level finding;
  `invalid` = `total - valid`.
- An inferred column is `required` when the file that establishes it has no empty value in it.
- An empty file (or only blank lines) fails `empty-file` as an error; a header without data rows fails it
  as a warning.
- Rules passed in `extra_rules` report on the whole file; they do not mark single rows invalid. They are
  started with provisional columns (inferred types are only known at the end: `string` until then).

Memory: besides one batch of records, only a 64-bit digest and first row number per distinct row (for
duplicates), capped samples, and the few rows whose values misfit their column's type so far.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

import msgspec

from domain.uploads.upload import OnError
from domain.validation.dialect import describe, detect_delimiter
from domain.validation.pass_one import PassOne
from domain.validation.pass_two import typed_batches
from domain.validation.reading import field_limit, open_records
from domain.validation.records import ParseFailure
from domain.validation.report import Column, ColumnType, RowCounts, Severity, ValidationReport
from domain.validation.row_facts import has_undecodable
from domain.validation.row_rule import RowRule
from domain.validation.rules import Rules
from domain.validation.schema import profile_header
from domain.validation.text_source import SAMPLE_BYTES, decode_sample, detect_encoding
from domain.validation.typed_row import TypedRow

BATCH_SIZE = 2048
DEFAULT_FIELD_CHARS = 131072


class ValidationOptions(msgspec.Struct, frozen=True):
    """Limits and tolerances of one validation."""

    max_samples: int = 20
    max_columns: int = 1024
    max_field_chars: int = DEFAULT_FIELD_CHARS
    type_error_tolerance: float = 0.05


def validate_csv(
    source: BinaryIO,
    *,
    established: Sequence[Column] | None = None,
    options: ValidationOptions = ValidationOptions(),  # noqa: B008 - immutable
    extra_rules: Sequence[RowRule] = (),
) -> ValidationReport:
    """Pass 1: read `source` once from position 0 and report every rule, passed or failed."""
    rules = Rules(options.max_samples)
    source.seek(0)
    sample = source.read(SAMPLE_BYTES)
    if not sample:
        rules.empty_file.add(None, None, None, "the file is empty")
        return _unread(rules, None, None, extra_rules)
    encoding = detect_encoding(sample)
    sample_text = decode_sample(sample, encoding)
    delimiter = detect_delimiter(sample_text)
    rules.dialect.add(None, None, None, describe(delimiter, sample_text))
    rules.dialect.count = 0
    with field_limit(options.max_field_chars):
        header, numbered = open_records(source, encoding, delimiter, BATCH_SIZE, sample)
        if header is None:
            rules.empty_file.add(None, None, None, "the file has no header and no rows")
            return _unread(rules, encoding, delimiter, extra_rules)
        if isinstance(header, ParseFailure):
            rules.parse_error.add(1, None, None, f"header: {header.message}")
            return _unread(rules, encoding, delimiter, extra_rules)
        if len(header) > options.max_columns:
            message = f"the header has {len(header)} columns; at most {options.max_columns} are supported"
            rules.parse_error.add(1, None, None, message)
            return _unread(rules, encoding, delimiter, extra_rules)
        if has_undecodable(header):
            rules.encoding.add(1, None, ",".join(header), "header bytes not valid in the file's encoding")
        names, profiles = profile_header(header, established, rules, options.max_samples)
        provisional = [
            Column(name, source, profile.floor or ColumnType.STRING, profile.required)
            for name, source, profile in zip(names, header, profiles, strict=True)
        ]
        for rule in extra_rules:
            rule.start(provisional)
        checker = PassOne(
            header,
            profiles,
            rules,
            comma_decimal=delimiter == ";",
            tolerance=options.type_error_tolerance,
            row_rules=extra_rules,
        )
        for first_row, batch in numbered:
            checker.feed(batch, first_row)
    columns = _final_columns(checker, names, header, rules)
    invalid = checker.invalid_rows([column.type for column in columns])
    if checker.total == 0:
        rules.empty_file.severity = Severity.WARNING
        rules.empty_file.add(None, None, None, "the file has a header but no data rows")
    rows = RowCounts(total=checker.total, valid=checker.total - invalid, invalid=invalid)
    return _report(rules, encoding, delimiter, tuple(columns), rows, extra_rules)


def _final_columns(checker: PassOne, names: list[str], header: list[str], rules: Rules) -> list[Column]:
    columns: list[Column] = []
    misfits: list[tuple[int, str, str, str]] = []
    for index, profile in enumerate(checker.profiles):
        nonempty = checker.nonempty(index)
        kind = profile.best_type(nonempty, checker.tolerance) or ColumnType.STRING
        required = profile.required if profile.fixed else profile.empties == 0 and nonempty > 0
        columns.append(Column(names[index], header[index], kind, required))
        count, samples = profile.misfits_of(kind)
        rules.type_error.count += count
        misfits.extend((row, header[index], value, f"not a valid {kind}") for row, value in samples)
    for row, source, value, message in sorted(misfits, key=lambda sample: sample[0]):
        rules.type_error.sample(row, source, value, message)
    return columns


def _unread(
    rules: Rules, encoding: str | None, delimiter: str | None, extra_rules: Sequence[RowRule]
) -> ValidationReport:
    """The report of a file whose rows could not be read at all."""
    for rule in extra_rules:
        rule.start(())
    return _report(rules, encoding, delimiter, (), RowCounts(), extra_rules)


def _report(
    rules: Rules,
    encoding: str | None,
    delimiter: str | None,
    columns: tuple[Column, ...],
    rows: RowCounts,
    extra_rules: Sequence[RowRule],
) -> ValidationReport:
    if rules.encoding.count:
        rules.encoding.severity = Severity.ERROR
    encoding_note = f"decoded as {encoding}" if encoding else "nothing to decode"
    validations = [
        tally.validation(encoding_note if tally is rules.encoding else None) for tally in rules.in_order()
    ]
    validations.extend(rule.finish() for rule in extra_rules)
    return ValidationReport(encoding, delimiter, columns, rows, tuple(validations))


def iter_typed_rows(
    source: BinaryIO,
    report: ValidationReport,
    *,
    on_error: OnError,
    batch_size: int = 5000,
    max_field_chars: int = DEFAULT_FIELD_CHARS,
) -> Iterator[list[TypedRow]]:
    """Pass 2: seek to 0 and yield typed rows in batches, keeping or dropping invalid rows per `on_error`.

    It judges rows exactly as `validate_csv` did, so SKIP yields `report.rows.valid` rows and ACCEPT and
    REJECT yield `report.rows.total`.
    """
    return typed_batches(source, report, on_error, batch_size, max_field_chars)
