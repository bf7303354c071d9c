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

- Types are chosen once the whole file is read (`column_profile`): the narrowest type three quarters of
  the values fit with few misfits (at most 3, or within `type_error_tolerance`), so one `invalid` price
  at row 50,000 makes one type error, not a text column. How the file writes numbers and dates (decimal
  comma, dot thousands, day-first slash dates) is decided once from its first bytes (`locale_detection`)
  and kept in the report, so pass 2 reads the cells alike. Which rows are invalid follows from per-row
  statuses (`row_status`); in the rare case these cannot decide (a type chosen that was not tracked
  throughout), the file is read once more to count.
- With a contract (a dataset's Table Schema), its plain fields are checked like fixed types by the column
  checks; the rest, and unique fields and the primary key, by `contract_checks`, which pass 2 runs again
  over the same records (pass it the same contract) so both passes judge every row alike.
- Duplicate rows are found at the end of pass 1 (`duplicates`); their samples carry no value (the row's
  text is no longer at hand), the message names the first row.

Memory: besides one batch of records, about 10 bytes per row (a 64-bit digest and a 2-byte status) plus
a transient 4 bytes per row while duplicates are sorted out, capped samples, and the duplicate rows found;
with a contract, also each distinct value of a unique field or primary key (as frictionless keeps them).
`validate_csv_for_load` also returns the `LoadPlan` (the duplicate rows), so pass 2 need not hash again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import msgspec

from domain.contracts.table_schema import TableSchema, columns_from_schema, schema_from_columns
from domain.uploads.upload import OnError
from domain.validation.column_profile import CANDIDATE_COUNT, CANDIDATES
from domain.validation.contract_binding import bind_contract, contract_columns, fresh_checks, judged_profiles
from domain.validation.dialect import describe, detect_delimiter
from domain.validation.duplicates import Duplicate
from domain.validation.load_plan import LoadPlan
from domain.validation.locale_detection import detect_locale
from domain.validation.pass_one import PassOne
from domain.validation.pass_two import typed_batches
from domain.validation.pending_samples import PendingSamples
from domain.validation.reading import Numbered, RowsChecked, StopCheck, never, open_records, unobserved
from domain.validation.records import ParseFailure
from domain.validation.report import CellLocale, Column, ColumnType, RowCounts, Severity, ValidationReport
from domain.validation.row_facts import has_undecodable
from domain.validation.row_rule import RowRule
from domain.validation.row_status import bit
from domain.validation.rules import Rules
from domain.validation.schema import profile_header
from domain.validation.text_source import TextSource, decode_sample, detect_encoding
from domain.validation.typed_row import TypedRow

BATCH_SIZE = 4096
DEFAULT_FIELD_CHARS = 131072
# Hands the records after the header to pass 1's checker, telling the rows checked before each batch;
# another reader of the same file may stand in.
Feeder = Callable[[PassOne, Numbered, RowsChecked], None]


def feed_records(checker: PassOne, numbered: Numbered, checked: RowsChecked = unobserved) -> None:
    """Pass 1's usual reading: every batch of records, as `records` parsed them."""
    for first_row, batch in numbered:
        checked(checker.total)
        checker.feed(batch, first_row)


class ValidationOptions(msgspec.Struct, frozen=True):
    """Limits and tolerances of one validation."""

    max_samples: int = 20
    max_columns: int = 1024
    # Header cells are stored in every report; a longer one is abuse or a file without a header row.
    max_header_chars: int = 1024
    max_field_chars: int = DEFAULT_FIELD_CHARS
    type_error_tolerance: float = 0.05
    # The dataset's locale (BCP 47, e.g. "es-ES", "en-US"): orders slash dates no value settles.
    locale: str | None = None
    # Source header -> dataset column, e.g. an accepted AI column mapping; applied before schema checks.
    header_renames: tuple[tuple[str, str], ...] = ()


def validate_csv(
    source: TextSource,
    *,
    established: Sequence[Column] | None = None,
    contract: TableSchema | None = None,
    options: ValidationOptions = ValidationOptions(),  # noqa: B008 - immutable
    extra_rules: Sequence[RowRule] = (),
) -> ValidationReport:
    """Pass 1: read `source` once from its start and report every rule, passed or failed.

    The caller sets what is process-wide (the `csv` field limit at `options.max_field_chars`, the garbage
    collector paused): see `adapters.validation`.
    """
    return validate_csv_for_load(
        source, established=established, contract=contract, options=options, extra_rules=extra_rules
    )[0]


def validate_csv_for_load(
    source: TextSource,
    *,
    established: Sequence[Column] | None = None,
    contract: TableSchema | None = None,
    options: ValidationOptions = ValidationOptions(),  # noqa: B008 - immutable
    extra_rules: Sequence[RowRule] = (),
    stop: StopCheck = never,
    feeder: Feeder = feed_records,
    checked: RowsChecked = unobserved,
) -> tuple[ValidationReport, LoadPlan]:
    """`validate_csv`, plus the plan to hand to `iter_typed_rows` so it need not look for duplicates.

    `contract` is the dataset's Table Schema; `established` (older callers) is read as the contract
    `schema_from_columns` makes of it. Pass the same contract to `iter_typed_rows`. `stop` is asked
    before every batch; once it says yes, `ReadingStopped` is raised. `feeder` hands the rows after the
    header to the checker (a columnar reader's stands in for `feed_records`, with the same rows).
    `checked` is told the rows checked so far before each batch: never more than `rows.total` ends at,
    whatever the reader has read ahead.
    """
    if contract is None and established is not None:
        contract = schema_from_columns(established)
    rules = Rules(options.max_samples)
    sample = source.head()
    if not sample:
        rules.empty_file.add(None, None, None, "the file is empty")
        return _unread(rules, None, None, extra_rules), LoadPlan()
    encoding = detect_encoding(sample)
    sample_text = decode_sample(sample, encoding)
    delimiter = detect_delimiter(sample_text)
    locale = detect_locale(sample_text, delimiter, options.locale)
    rules.dialect.add(None, None, None, describe(delimiter, sample_text))
    rules.dialect.count = 0
    header, numbered = open_records(source, encoding, delimiter, BATCH_SIZE, stop)
    if header is None:
        rules.empty_file.add(None, None, None, "the file has no header and no rows")
        return _unread(rules, encoding, delimiter, extra_rules), LoadPlan()
    if isinstance(header, ParseFailure):
        rules.parse_error.add(1, None, None, f"header: {header.message}")
        return _unread(rules, encoding, delimiter, extra_rules), LoadPlan()
    if len(header) > options.max_columns:
        message = f"the header has {len(header)} columns; at most {options.max_columns} are supported"
        rules.parse_error.add(1, None, None, message)
        return _unread(rules, encoding, delimiter, extra_rules), LoadPlan()
    too_long = next((i for i, cell in enumerate(header) if len(cell) > options.max_header_chars), None)
    if too_long is not None:
        message = (
            f"header column {too_long + 1} has {len(header[too_long])} characters; "
            f"at most {options.max_header_chars} are supported"
        )
        rules.parse_error.add(1, None, None, message)
        return _unread(rules, encoding, delimiter, extra_rules), LoadPlan()
    if has_undecodable(header):
        rules.encoding.add(1, None, ",".join(header), "header bytes not valid in the file's encoding")
    expected = None if contract is None else columns_from_schema(contract)
    names, profiles = profile_header(
        header, expected, rules, options.max_samples, dict(options.header_renames)
    )
    checks = None
    if contract is not None:
        checks = bind_contract(contract, names, header, rules, PendingSamples(), locale)
        judged_profiles(checks, profiles, options.max_samples)
    provisional = [
        Column(name, source, profile.fixed or ColumnType.STRING, profile.required)
        for name, source, profile in zip(names, header, profiles, strict=True)
    ]
    for rule in extra_rules:
        rule.start(provisional)
    checker = PassOne(
        header,
        profiles,
        rules,
        locale=locale,
        tolerance=options.type_error_tolerance,
        row_rules=extra_rules,
        contract=checks,
    )
    feeder(checker, numbered, checked)
    columns = _final_columns(checker, names, header, rules)
    if checks is not None:
        columns = contract_columns(checks, columns)
    duplicates = checker.detector.duplicates()
    for duplicate in duplicates:
        rules.duplicate_row.add(duplicate.row, None, None, f"duplicate of row {duplicate.first}")
    plan = LoadPlan(frozenset(duplicate.row for duplicate in duplicates))
    invalid = _invalid_rows(checker, columns, duplicates)
    if invalid is None:
        typed = ValidationReport(encoding, delimiter, tuple(columns), RowCounts(), (), locale)
        fresh = None if contract is None else fresh_checks(contract, typed)
        batches = typed_batches(
            source, typed, OnError.SKIP, BATCH_SIZE, options.max_field_chars, plan, fresh, stop
        )
        invalid = checker.total - sum(map(len, batches))
    if checker.total == 0:
        rules.empty_file.severity = Severity.WARNING
        rules.empty_file.add(None, None, None, "the file has a header but no data rows")
    rows = RowCounts(total=checker.total, valid=checker.total - invalid, invalid=invalid)
    return _report(rules, encoding, delimiter, tuple(columns), rows, extra_rules, locale), plan


def _invalid_rows(checker: PassOne, columns: list[Column], duplicates: list[Duplicate]) -> int | None:
    """Rows with an error, from the row statuses; None when they cannot tell (then the file is recounted)."""
    chosen_bits, exact = 0, not checker.masks.overflowed
    for index, (profile, column) in enumerate(zip(checker.profiles, columns, strict=True)):
        if profile.fixed is None and column.type is not ColumnType.STRING:
            candidate = CANDIDATES.index(column.type)
            chosen_bits |= bit(index, candidate, CANDIDATE_COUNT)
            exact = exact and not profile.incomplete[candidate]
    if not exact:
        return None
    invalid = checker.masks.invalid_statuses(chosen_bits)
    rows = sum(count for status, count in checker.status_counts.items() if status in invalid)
    return checker.broken + rows + sum(1 for duplicate in duplicates if duplicate.status not in invalid)


def _final_columns(checker: PassOne, names: list[str], header: list[str], rules: Rules) -> list[Column]:
    columns: list[Column] = []
    misfits: list[tuple[int, str, str, str]] = []
    for index, profile in enumerate(checker.profiles):
        kind = profile.chosen(checker.tolerance)
        required = profile.required if profile.fixed else profile.empties == 0 and profile.nonempty > 0
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
    locale: CellLocale | None = None,
) -> ValidationReport:
    if rules.encoding.count:
        rules.encoding.severity = Severity.ERROR
    encoding_note = f"decoded as {encoding}" if encoding else "nothing to decode"
    validations = [
        tally.validation(encoding_note if tally is rules.encoding else None) for tally in rules.in_order()
    ]
    validations.extend(rule.finish() for rule in extra_rules)
    return ValidationReport(encoding, delimiter, columns, rows, tuple(validations), locale)


def iter_typed_rows(
    source: TextSource,
    report: ValidationReport,
    *,
    on_error: OnError,
    batch_size: int = 5000,
    max_field_chars: int = DEFAULT_FIELD_CHARS,
    plan: LoadPlan | None = None,
    contract: TableSchema | None = None,
) -> Iterator[list[TypedRow]]:
    """Pass 2: read `source` from its start and yield typed rows in batches, invalid ones per `on_error`.

    It judges rows exactly as `validate_csv` did, so SKIP yields `report.rows.valid` rows and ACCEPT and
    REJECT yield `report.rows.total`. `plan` (from `validate_csv_for_load`, same process) saves reading the
    file once more to find duplicate rows. `contract` must be the one `validate_csv` was given.
    """
    fresh = None if contract is None else fresh_checks(contract, report)
    return typed_batches(source, report, on_error, batch_size, max_field_chars, plan, fresh)
