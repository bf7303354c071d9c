"""A dataset's columns as its contract declares them, for the use cases that pair headers with them."""

from __future__ import annotations

from application.errors import NotFound
from application.ports.dataset_store import DatasetStore
from domain.contracts.table_schema import columns_from_schema
from domain.validation.report import Column


async def contract_columns_of(datasets: DatasetStore, dataset: str) -> tuple[Column, ...]:
    """Raises `NotFound` when the dataset has no contract: any header set would then establish it."""
    stored = await datasets.get_contract(dataset)
    if stored is None:
        raise NotFound(
            f"dataset {dataset!r} has no contract yet, so any headers fit it; its first upload "
            "establishes its columns"
        )
    return columns_from_schema(stored.schema)
