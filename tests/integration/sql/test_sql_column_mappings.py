"""SqlColumnMappings on each database: kept, read back as saved, replaced per dataset and header set."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.sql_column_mappings import SqlColumnMappings
from domain.column_matching.remembered_mapping import RememberedMapping, header_key

pytestmark = pytest.mark.integration

HEADERS = ("Fecha de venta", "Cliente", "Importe", "Región ñ €")


def mapping(
    columns: tuple[tuple[str, str], ...], dataset: str = "ventas", by: str = "user-1"
) -> RememberedMapping:
    return RememberedMapping(
        dataset=dataset,
        headers=HEADERS,
        columns=columns,
        saved_by=by,
        saved_at=datetime(2026, 12, 1, 20, 30, 15, 123456, tzinfo=UTC),
    )


async def test_a_mapping_is_read_back_as_saved(engine: AsyncEngine) -> None:
    store = SqlColumnMappings(engine)
    saved = mapping((("Importe", "amount"), ("Región ñ €", "region")))

    assert await store.save(saved) is True
    assert await store.get("ventas", header_key(list(reversed(HEADERS)))) == saved
    assert await store.get("compras", saved.key) is None
    assert await store.get("ventas", header_key(["Importe"])) is None


async def test_saving_the_same_header_set_again_replaces_it(engine: AsyncEngine) -> None:
    store = SqlColumnMappings(engine)
    await store.save(mapping((("Importe", "amount"),)))
    await store.save(mapping((("Importe", "amount"),), dataset="compras"))

    replaced = await store.save(mapping((("Importe", "total"),), by="user-2"))

    assert replaced is False
    current = await store.get("ventas", header_key(HEADERS))
    assert current is not None and current.columns == (("Importe", "total"),) and current.saved_by == "user-2"
    other = await store.get("compras", header_key(HEADERS))
    assert other is not None and other.columns == (("Importe", "amount"),)
