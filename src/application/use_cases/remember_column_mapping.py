"""RememberColumnMapping: keep a confirmed pairing so the next upload with these headers is mapped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from application.ports.clock import Clock
from application.ports.column_mappings import ColumnMappings
from application.ports.dataset_store import DatasetStore
from application.uploads.dataset_columns import contract_columns_of
from domain.column_matching.remembered_mapping import RememberedMapping, checked_columns, checked_headers
from domain.uploads.dataset_name import parse_dataset_name


class SavedMapping(msgspec.Struct, frozen=True):
    mapping: RememberedMapping
    created: bool


class RememberColumnMapping:
    """Checks every pair against the file's headers and the dataset's contract, then keeps it."""

    def __init__(self, *, datasets: DatasetStore, mappings: ColumnMappings, clock: Clock) -> None:
        self._datasets = datasets
        self._mappings = mappings
        self._clock = clock

    async def __call__(
        self, name: str, headers: Sequence[str], columns: Mapping[str, str], saved_by: str
    ) -> SavedMapping:
        dataset = parse_dataset_name(name)
        known = await contract_columns_of(self._datasets, dataset)
        sent = checked_headers(headers)
        pairs = checked_columns(sent, columns, dataset, [column.name for column in known])
        mapping = RememberedMapping(
            dataset=dataset, headers=sent, columns=pairs, saved_by=saved_by, saved_at=self._clock.now()
        )
        created = await self._mappings.save(mapping)
        return SavedMapping(mapping, created)
