from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.sql_loads import add_upload

from adapters.sql.sql_upload_repository import SqlUploadRepository
from domain.uploads.upload import RefusalReason, Upload

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


async def test_a_refused_attempt_and_a_correction_read_back_and_list_with_their_links(
    engine: AsyncEngine, make_upload
) -> None:
    repository = SqlUploadRepository(engine)
    original = make_upload("u-1", minutes=0)
    correction = msgspec.structs.replace(make_upload("u-2", minutes=1), corrects="u-1")
    refused = Upload.refused(
        id="u-3",
        dataset="sales",
        filename="otra vez.csv",
        bytes=99,
        uploaded_by="user-1",
        created_at=datetime(2025, 3, 1, 12, 2, tzinfo=UTC),
        reason=RefusalReason.DUPLICATE,
        detail="this exact file was already loaded into 'sales' by upload u-1",
    )
    for upload in (original, correction, refused):
        await add_upload(engine, upload)

    assert await repository.get("u-2") == correction
    assert await repository.get("u-3") == refused
    page, total = await repository.list(uploaded_by="user-1", limit=10, offset=0)
    assert total == 3
    assert [(u.id, u.status.value, u.corrects, u.refusal) for u in page] == [
        ("u-3", "refused", None, RefusalReason.DUPLICATE),
        ("u-2", "received", "u-1", None),
        ("u-1", "received", None, None),
    ]
