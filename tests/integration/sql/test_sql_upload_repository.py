from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.sql_loads import add_upload

from adapters.sql.sql_upload_repository import SqlUploadRepository

pytestmark = pytest.mark.integration


async def test_an_added_upload_reads_back_equal(engine: AsyncEngine, make_upload) -> None:
    repository = SqlUploadRepository(engine)
    upload = make_upload("u-1")

    await add_upload(engine, upload)

    assert await repository.get("u-1") == upload


async def test_an_unknown_upload_is_none(engine: AsyncEngine) -> None:
    assert await SqlUploadRepository(engine).get("missing") is None


async def test_list_is_newest_first_paged_and_counted(engine: AsyncEngine, make_upload) -> None:
    repository = SqlUploadRepository(engine)
    for minute in range(5):
        await add_upload(engine, make_upload(f"mine-{minute}", minutes=minute))
    await add_upload(engine, make_upload("theirs", uploaded_by="user-2", minutes=10))

    first, total = await repository.list(uploaded_by="user-1", limit=2, offset=0)
    second, _ = await repository.list(uploaded_by="user-1", limit=2, offset=2)
    last, _ = await repository.list(uploaded_by="user-1", limit=2, offset=4)

    assert total == 5
    assert [u.id for u in first + second + last] == [f"mine-{m}" for m in (4, 3, 2, 1, 0)]


async def test_list_without_owner_shows_everyones(engine: AsyncEngine, make_upload) -> None:
    repository = SqlUploadRepository(engine)
    await add_upload(engine, make_upload("a", uploaded_by="user-1", minutes=1))
    await add_upload(engine, make_upload("b", uploaded_by="user-2", minutes=2))

    page, total = await repository.list(uploaded_by=None, limit=10, offset=0)

    assert (total, [u.id for u in page]) == (2, ["b", "a"])


async def test_an_id_with_a_nul_is_simply_not_found(engine: AsyncEngine) -> None:
    assert await SqlUploadRepository(engine).get("u-1\x00") is None
