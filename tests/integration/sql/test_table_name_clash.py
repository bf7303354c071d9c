"""A long dataset name shortens to `ds_<51 characters>_<8 hex>`, a table name another dataset's plain
name can take first: the second one is refused with a Conflict naming the clash, in either order."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.sql_loads import load_upload

from adapters.sql.dataset_tables import dataset_table_name
from adapters.sql.sql_dataset_store import SqlDatasetStore
from application.dataset_errors import TableNameTaken
from domain.contracts.table_schema import schema_from_columns
from domain.validation.report import Column, ColumnType
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.integration

COLUMNS = (Column("id", "ID", ColumnType.INTEGER, required=True),)
LONG = "l" + "x" * 62
# A plain name (60 characters) whose own table is exactly the shortened table of LONG.
PLAIN = dataset_table_name(LONG).removeprefix("ds_")


async def one_row() -> AsyncIterator[Sequence[TypedRow]]:
    yield [TypedRow(row=2, values=(1,))]


def test_the_two_names_really_map_to_one_table() -> None:
    assert PLAIN != LONG and dataset_table_name(PLAIN) == dataset_table_name(LONG)


@pytest.mark.parametrize(
    ("first", "second"), [(PLAIN, LONG), (LONG, PLAIN)], ids=["plain-first", "long-first"]
)
async def test_a_load_into_a_name_whose_table_is_taken_is_a_conflict(
    engine: AsyncEngine, make_upload, first: str, second: str
) -> None:
    store = SqlDatasetStore(engine)
    await load_upload(engine, make_upload("u-1", dataset=first), COLUMNS, one_row())

    with pytest.raises(TableNameTaken) as refused:
        await load_upload(engine, make_upload("u-2", dataset=second, sha256="b" * 64), COLUMNS, one_row())

    assert (refused.value.dataset, refused.value.owner) == (second, first)

    assert dataset_table_name(second) in refused.value.detail
    assert repr(first) in refused.value.detail and "different name" in refused.value.detail
    info = await store.describe(first)
    assert info is not None and info.row_count == 1
    assert await store.describe(second) is None


async def test_a_contract_for_a_name_whose_table_is_taken_is_a_conflict(
    engine: AsyncEngine, make_upload
) -> None:
    store = SqlDatasetStore(engine)
    await load_upload(engine, make_upload("u-1", dataset=PLAIN), COLUMNS, one_row())

    with pytest.raises(TableNameTaken):
        await store.put_contract(LONG, schema_from_columns(COLUMNS), if_match=None)

    assert await store.describe(LONG) is None
