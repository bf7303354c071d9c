"""The enrichment rules for one upload, built fresh each time (rules keep per-file state)."""

from __future__ import annotations

from adapters.ai.linkage.fellegi_sunter_finder import FellegiSunterFinder
from adapters.ai.numpy_column_spread import NumpyColumnSpread
from domain.contracts.table_schema import TableSchema
from domain.enrichment.near_duplicate_rule import NearDuplicateRowRule
from domain.enrichment.near_duplicate_settings import (
    DEFAULT_MAX_ROWS,
    NearDuplicateSettings,
    settings_from_contract,
)
from domain.enrichment.outlier_rule import OutlierRule
from domain.validation.row_rule import RowRule

__all__ = ["DEFAULT_MAX_ROWS", "enrichment_rules", "rules_for_contract"]


def enrichment_rules(
    *, near_duplicate_max_rows: int = DEFAULT_MAX_ROWS, near_duplicates: NearDuplicateSettings | None = None
) -> list[RowRule]:
    """`outlier` and `near-duplicate-row`, new instances on every call.

    `near_duplicates` carries what a dataset's contract says (switched off, identifying columns, a
    primary key); without it the rule compares every column of the first `near_duplicate_max_rows` rows.
    """
    if near_duplicate_max_rows < 2:
        raise ValueError(f"near_duplicate_max_rows must be at least 2, got {near_duplicate_max_rows!r}")
    settings = near_duplicates or NearDuplicateSettings(max_rows=near_duplicate_max_rows)
    return [OutlierRule(new_spread=NumpyColumnSpread), NearDuplicateRowRule(FellegiSunterFinder, settings)]


def rules_for_contract(
    contract: TableSchema | None = None, /, *, near_duplicate_max_rows: int = DEFAULT_MAX_ROWS
) -> list[RowRule]:
    """The rules for one file of a dataset whose contract (if any) may steer the near-duplicate rule."""
    settings = settings_from_contract(contract, max_rows=near_duplicate_max_rows)
    return enrichment_rules(near_duplicate_max_rows=near_duplicate_max_rows, near_duplicates=settings)
