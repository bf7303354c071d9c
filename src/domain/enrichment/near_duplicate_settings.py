"""What a dataset's contract may say about the near-duplicate rule, and the budgets that bound it."""

from __future__ import annotations

from dataclasses import dataclass

from domain.contracts.table_schema import TableSchema

# Rows kept for the comparison (as one string each); later rows are not compared and the report says so.
DEFAULT_MAX_ROWS = 200_000
# Candidate pairs compared at most: the operation budget that bounds the time whatever the file holds.
DEFAULT_MAX_PAIRS = 1_000_000


@dataclass(frozen=True)
class NearDuplicateSettings:
    """`enabled=False` switches the rule off. `identifying_columns` (header names) limits the
    comparison to the columns that identify a record. `key_columns` declares a primary key: then a
    near duplicate is one entity under two different keys, so key columns are not compared and two
    rows with the same key are not this rule's business (a key check reports them).
    """

    enabled: bool = True
    identifying_columns: tuple[str, ...] = ()
    key_columns: tuple[str, ...] = ()
    max_rows: int = DEFAULT_MAX_ROWS
    max_pairs: int = DEFAULT_MAX_PAIRS

    def __post_init__(self) -> None:
        if self.max_rows < 2:
            raise ValueError(f"max_rows must be at least 2, got {self.max_rows!r}")
        if self.max_pairs < 1:
            raise ValueError(f"max_pairs must be at least 1, got {self.max_pairs!r}")


def settings_from_contract(
    contract: TableSchema | None, *, max_rows: int = DEFAULT_MAX_ROWS
) -> NearDuplicateSettings:
    """What a dataset's contract says: `x-ingesta.nearDuplicates` (switch, compared columns), `primaryKey`."""
    if contract is None:
        return NearDuplicateSettings(max_rows=max_rows)
    extension = contract.x_ingesta.nearDuplicates if contract.x_ingesta is not None else None
    return NearDuplicateSettings(
        enabled=extension is None or extension.enabled,
        identifying_columns=() if extension is None else extension.columns,
        key_columns=contract.primaryKey,
        max_rows=max_rows,
    )
