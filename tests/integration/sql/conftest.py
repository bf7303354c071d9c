"""An engine per test on each database, migrated to head, with Ingesta's upload data cleared."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.column_mapping_tables import column_mappings
from adapters.sql.contract_tables import dataset_contracts
from adapters.sql.dataset_tables import dataset_table, datasets
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.upload_keys import upload_keys
from adapters.sql.upload_tables import uploads
from domain.uploads.upload import Upload, UploadStatus


async def _clear(engine: AsyncEngine) -> None:
    # The PostgreSQL database lives for the whole session; each test starts from no uploads.
    async with engine.begin() as connection:
        for row in (await connection.execute(select(datasets.c.table_name))).all():
            table = dataset_table(row.table_name, [])
            await connection.run_sync(lambda sync, t=table: t.drop(sync, checkfirst=True))
        await connection.execute(delete(datasets))
        await connection.execute(delete(dataset_contracts))
        await connection.execute(delete(uploads))
        await connection.execute(delete(upload_keys))
        await connection.execute(delete(column_mappings))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        await _clear(engine)
        yield engine
    finally:
        await engine.dispose()


MakeUpload = Callable[..., Upload]


@pytest.fixture
def make_upload() -> MakeUpload:
    """Build Uploads with sensible defaults; `minutes` orders them in time."""
    return _make_upload


def _make_upload(
    upload_id: str,
    *,
    dataset: str = "sales",
    uploaded_by: str = "user-1",
    sha256: str = "a" * 64,
    status: UploadStatus = UploadStatus.RECEIVED,
    minutes: int = 0,
) -> Upload:
    created_at = datetime(2025, 3, 1, 12, 0, 0, 123456, tzinfo=UTC) + timedelta(minutes=minutes)
    return Upload(
        id=upload_id,
        dataset=dataset,
        status=status,
        filename="ventas Pérez 📈.csv",
        bytes=1234,
        sha256=sha256,
        object_key=f"{dataset}/2025/03/01/{upload_id}.csv",
        uploaded_by=uploaded_by,
        created_at=created_at,
    )
