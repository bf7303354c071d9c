"""GetContract: a dataset's current contract and its version."""

from __future__ import annotations

from application.errors import NotFound
from application.ports.dataset_store import DatasetStore, StoredContract
from domain.uploads.dataset_name import parse_dataset_name


class GetContract:
    def __init__(self, *, datasets: DatasetStore) -> None:
        self._datasets = datasets

    async def __call__(self, name: str) -> StoredContract:
        dataset = parse_dataset_name(name)
        stored = await self._datasets.get_contract(dataset)
        if stored is None:
            raise NotFound(
                f"dataset {dataset!r} has no contract yet; an admin can declare one with "
                f"PUT /datasets/{dataset}/schema, or its first upload infers one"
            )
        return stored
