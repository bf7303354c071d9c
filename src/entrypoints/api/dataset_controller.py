"""GET /datasets and GET /datasets/{name}: columns, types and row counts."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from application.ports.dataset_store import DatasetInfo
from application.use_cases.describe_dataset import DescribeDataset
from application.use_cases.list_datasets import ListDatasets
from entrypoints.api.guards import requires_upload_role


class DatasetController(Controller):
    path = "/datasets"
    tags = ["datasets"]
    # Schemas and row counts are business data: the roles that may load datasets may read them.
    guards = [requires_upload_role]

    @get("/", summary="Every dataset with its columns and row count")
    async def list_datasets(self, list_datasets: NamedDependency[ListDatasets]) -> list[DatasetInfo]:
        return await list_datasets()

    @get("/{name:str}", summary="A dataset's columns, types and row count")
    async def describe(
        self, describe_dataset: NamedDependency[DescribeDataset], name: FromPath[str]
    ) -> DatasetInfo:
        return await describe_dataset(name)
