"""An in-memory `ColumnMappings` whose saved mappings a test can read back."""

from __future__ import annotations

from domain.column_matching.remembered_mapping import RememberedMapping


class InMemoryColumnMappings:
    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], RememberedMapping] = {}
        self.lookups = 0

    async def get(self, dataset: str, key: str) -> RememberedMapping | None:
        self.lookups += 1
        return self.saved.get((dataset, key))

    async def save(self, mapping: RememberedMapping) -> bool:
        created = (mapping.dataset, mapping.key) not in self.saved
        self.saved[(mapping.dataset, mapping.key)] = mapping
        return created
