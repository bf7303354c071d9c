"""ListDatasets: every dataset with its columns and row count."""

from __future__ import annotations

from application.ports.dataset_store import DatasetInfo, DatasetStore


class ListDatasets:
    def __init__(self, *, datasets: DatasetStore) -> None:
        self._datasets = datasets

    async def __call__(self) -> list[DatasetInfo]:
        return await self._datasets.list_datasets()
