"""Remembered column mappings: a user's confirmed pairing per dataset and file header set."""

from __future__ import annotations

from typing import Protocol

from domain.column_matching.remembered_mapping import RememberedMapping


class ColumnMappings(Protocol):
    """Keeps one mapping per (dataset, header set): saving again replaces it."""

    async def get(self, dataset: str, key: str) -> RememberedMapping | None:
        """The mapping saved for `dataset` and the header set whose `header_key` is `key`."""
        ...

    async def save(self, mapping: RememberedMapping) -> bool:
        """Keeps `mapping`, replacing the one saved for its dataset and header set; True when new."""
        ...
