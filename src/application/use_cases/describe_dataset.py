"""DescribeDataset: a dataset's columns, types and row count."""

from __future__ import annotations

from application.errors import NotFound
from application.ports.dataset_store import DatasetInfo, DatasetStore
from domain.uploads.dataset_name import parse_dataset_name


class DescribeDataset:
    def __init__(self, *, datasets: DatasetStore) -> None:
        self._datasets = datasets

    async def __call__(self, name: str) -> DatasetInfo:
        dataset = parse_dataset_name(name)
        info = await self._datasets.describe(dataset)
        if info is None:
            raise NotFound(f"there is no dataset {dataset!r} yet; its first upload creates it")
        return info
