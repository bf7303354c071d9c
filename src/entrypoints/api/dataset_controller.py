"""GET /datasets and GET /datasets/{name}: columns, types and row counts."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from application.ports.dataset_store import DatasetInfo
from application.use_cases.describe_dataset import DescribeDataset
from application.use_cases.list_datasets import ListDatasets


class DatasetController(Controller):
    path = "/datasets"
    tags = ["datasets"]

    @get("/", summary="Every dataset with its columns and row count")
    async def list_datasets(self, list_datasets: NamedDependency[ListDatasets]) -> list[DatasetInfo]:
        return await list_datasets()

    @get("/{name:str}", summary="A dataset's columns, types and row count")
    async def describe(
        self, describe_dataset: NamedDependency[DescribeDataset], name: FromPath[str]
    ) -> DatasetInfo:
        return await describe_dataset(name)
