"""Remembered column mappings in the `column_mappings` table."""

from __future__ import annotations

import json

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.column_mapping_tables import column_mappings
from adapters.sql.database_errors import translate_database_errors
from domain.column_matching.remembered_mapping import RememberedMapping


class SqlColumnMappings:
    """One row per (dataset, header set); saving again updates it in place."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def get(self, dataset: str, key: str) -> RememberedMapping | None:
        match = (column_mappings.c.dataset == dataset) & (column_mappings.c.header_key == key)
        async with translate_database_errors(), self._engine.connect() as connection:
            row = (await connection.execute(select(column_mappings).where(match))).first()
        if row is None:
            return None
        return RememberedMapping(
            dataset=row.dataset,
            headers=tuple(json.loads(row.headers)),
            columns=tuple((source, target) for source, target in json.loads(row.columns)),
            saved_by=row.saved_by,
            saved_at=row.saved_at,
        )

    async def save(self, mapping: RememberedMapping) -> bool:
        values = {
            "headers": json.dumps(list(mapping.headers)),
            "columns": json.dumps([list(pair) for pair in mapping.columns]),
            "saved_by": mapping.saved_by,
            "saved_at": mapping.saved_at,
        }
        match = (column_mappings.c.dataset == mapping.dataset) & (column_mappings.c.header_key == mapping.key)
        for attempt in range(2):
            try:
                async with translate_database_errors(), self._engine.begin() as connection:
                    if (
                        await connection.execute(update(column_mappings).where(match).values(values))
                    ).rowcount:
                        return False
                    row = {"dataset": mapping.dataset, "header_key": mapping.key, **values}
                    await connection.execute(insert(column_mappings).values(row))
                    return True
            except IntegrityError:
                if attempt:  # a concurrent first save inserted the row; the update wins now
                    raise
        raise AssertionError("unreachable")
