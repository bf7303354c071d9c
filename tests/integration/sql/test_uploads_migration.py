"""The migrations create exactly the tables the adapters use."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Table, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.column_mapping_tables import column_mappings
from adapters.sql.contract_tables import dataset_contracts
from adapters.sql.dataset_tables import datasets
from adapters.sql.migrate import alembic_config, current_revision
from adapters.sql.upload_keys import upload_keys
from adapters.sql.upload_tables import uploads

pytestmark = pytest.mark.integration


def _describe(sync, table: Table) -> dict[str, object]:  # type: ignore[no-untyped-def]
    inspector = inspect(sync)
    dialect = sync.dialect
    return {
        "columns": [
            (c["name"], c["type"].compile(dialect=dialect), c["nullable"])
            for c in inspector.get_columns(table.name)
        ],
        "primary_key": inspector.get_pk_constraint(table.name)["constrained_columns"],
        "indexes": sorted((i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table.name)),
    }


def _declared(table: Table, dialect) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "columns": [(c.name, c.type.compile(dialect=dialect), c.nullable) for c in table.columns],
        "primary_key": [c.name for c in table.primary_key.columns],
        "indexes": sorted((i.name, tuple(c.name for c in i.columns)) for i in table.indexes),
    }


@pytest.mark.parametrize(
    "table", [uploads, datasets, dataset_contracts, column_mappings, upload_keys], ids=lambda t: t.name
)
async def test_migrated_table_matches_the_declared_table(engine: AsyncEngine, table: Table) -> None:
    async with engine.connect() as connection:
        migrated = await connection.run_sync(lambda sync: _describe(sync, table))

    assert migrated == _declared(table, engine.dialect)


async def test_upgrade_reaches_head_through_the_uploads_revision(engine: AsyncEngine) -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    applied = await current_revision(engine)

    assert applied == scripts.get_current_head()
    assert {"0002_uploads", "0003_contracts"} <= {
        script.revision for script in scripts.iterate_revisions(applied, "base")
    }
