"""Matching a contract's fields to a file's columns, and choosing which of them the contract judges."""

from __future__ import annotations

from collections.abc import Sequence

from domain.contracts.table_schema import Field, TableSchema, column_type, columns_from_schema
from domain.validation.column_profile import ColumnProfile
from domain.validation.contract_checks import ContractChecks
from domain.validation.field_readers import is_plain
from domain.validation.pending_samples import PendingSamples
from domain.validation.report import CellLocale, Column, ColumnType, ValidationReport
from domain.validation.rules import Rules


def fields_by_column(contract: TableSchema, names: Sequence[str]) -> list[Field | None]:
    """The field of each file column (matched by normalised name, as a header is), None for extra ones."""
    columns = columns_from_schema(contract)
    by_name = {column.name: field for column, field in zip(columns, contract.fields, strict=True)}
    return [by_name.get(name) for name in names]


def bind_contract(
    contract: TableSchema,
    names: Sequence[str],
    sources: Sequence[str],
    rules: Rules,
    pending: PendingSamples,
    locale: CellLocale,
) -> ContractChecks:
    """The checks of `contract` over a file whose columns are `names` (headers `sources`)."""
    fields = fields_by_column(contract, names)
    keyed = set(contract.primaryKey)
    judged = [
        index
        for index, field in enumerate(fields)
        if field is not None and (field.name in keyed or not is_plain(field, contract.missingValues))
    ]
    return ContractChecks(contract, fields, sources, rules, pending, locale, judged)


def judged_profiles(checks: ContractChecks, profiles: list[ColumnProfile], max_samples: int) -> None:
    """Hand the judged columns to the contract: the column checks then leave their cells alone."""
    for index in checks.judged:
        profiles[index] = ColumnProfile(max_samples, fixed=ColumnType.STRING, by_contract=True)


def contract_columns(checks: ContractChecks, columns: list[Column]) -> list[Column]:
    """The report's columns, with the judged ones typed as their fields say."""
    out = list(columns)
    for index, judge in checks.judged.items():
        column = columns[index]
        out[index] = Column(column.name, column.source_name, column_type(judge.field.type), judge.required)
    return out


def fresh_checks(contract: TableSchema, report: ValidationReport) -> ContractChecks:
    """The contract's checks for pass 2: the same judgements as pass 1's, with findings thrown away."""
    names = [column.name for column in report.columns]
    sources = [column.source_name for column in report.columns]
    return bind_contract(contract, names, sources, Rules(0), PendingSamples(), report.cell_locale)
