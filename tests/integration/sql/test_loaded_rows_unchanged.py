"""The dataset store's fast load (binary COPY on PostgreSQL) stores exactly the rows of the plain path.

A tricky file goes through both passes and the dataset store; the same typed rows then go into a twin
table through SQLAlchemy's bound executemany (each type's own bind processing), and the two tables must
hold the same multiset of rows: EXCEPT ALL both ways on PostgreSQL, counted on SQLite. Whoever changes
the fast path (a text COPY, another key) keeps this green.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.sql_loads import add_upload, load_upload
from tests.support.validators import VALIDATOR

from adapters.sql.dataset_tables import ROW_NUMBER, UPLOAD_KEY, dataset_table, dataset_table_name
from adapters.sql.upload_keys import upload_key
from application.uploads.csv_passes import typed_batches, validate
from domain.uploads.upload import OnError
from domain.validation.report import Column, ColumnType
from domain.validation.text_rows import TextRows
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.integration

TRICKY = (
    "id,ref,code,amount,day,at,flag,note\n"
    '1,123456789012345678,007,1234.50,2024-02-29,2024-05-01T12:00:00,true,"He said ""hi"", twice"\n'
    "2,000000000000000001,0042,0.000000000001,0999-01-01,2024-05-01T12:00:00+05:30,false,\\N\n"
    '3,999999999999999999,,-0.10,2024-12-31,2024-05-01T23:59:59.123456Z,,"line one\nline two"\n'
    "4,100000000000000000,A12,99999999999999.999999999999,2024-01-01,,true,\\.\n"
    "5,123456789012345679,x,abc,not a date,2024-13-01T00:00:00,maybe,tab\there\n"
    "6,123456789012345680,  padded  ,7,2024-06-30,2024-06-30T00:00:00-03:00,false,back\\slash and 😀\n"
    "7,123456789012345681,,,,,,\n"
)

# Cells no CSV reading produces (an empty string where the contract keeps one), straight to the store.
EXTRA_COLUMNS = (Column("id", "id", ColumnType.INTEGER), Column("note", "note", ColumnType.STRING))
EXTRA_ROWS = [
    TypedRow(2, (1, "")),
    TypedRow(3, (2, None)),
    TypedRow(4, (3, "\\N")),
    TypedRow(5, (4, '""')),
    TypedRow(6, (5, "NULL")),
    TypedRow(7, (6, "a,b\r\nc")),
]


async def _typed_rows(source: io.BytesIO) -> tuple[tuple[Column, ...], list[TypedRow]]:
    validated = await validate(source, None, (), validator=VALIDATOR)
    rows: list[TypedRow] = []
    async for batch in typed_batches(source, validated, OnError.ACCEPT, batch_size=3):
        rows.extend(batch)
    return validated.report.columns, rows


async def _batches(rows: Sequence[TypedRow]) -> AsyncIterator[Sequence[TypedRow]]:
    for start in range(0, len(rows), 3):
        yield rows[start : start + 3]


async def _load_reference(
    engine: AsyncEngine, name: str, upload_id: str, columns: Sequence[Column], rows: Sequence[TypedRow]
) -> None:
    """The rows through SQLAlchemy's bound parameters and type processing, into a twin table `name`."""
    table = dataset_table(name, columns)
    names = [UPLOAD_KEY, ROW_NUMBER, *(column.name for column in columns)]
    async with engine.begin() as connection:
        key = await upload_key(connection, upload_id)  # the key its load took
        parameters = [dict(zip(names, (key, row.row, *row.values), strict=True)) for row in rows]
        await connection.run_sync(table.create)
        await connection.execute(insert(table), parameters)


async def _differences(engine: AsyncEngine, loaded: str, reference: str) -> tuple[list[Any], list[Any]]:
    async with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            only_loaded = f'SELECT * FROM "{loaded}" EXCEPT ALL SELECT * FROM "{reference}"'
            only_reference = f'SELECT * FROM "{reference}" EXCEPT ALL SELECT * FROM "{loaded}"'
            return (
                list((await connection.execute(text(only_loaded))).all()),
                list((await connection.execute(text(only_reference))).all()),
            )
        # SQLite has no EXCEPT ALL: the same multiset difference, counted here.
        left = Counter(tuple(r) for r in (await connection.execute(text(f'SELECT * FROM "{loaded}"'))).all())
        right = Counter(
            tuple(r) for r in (await connection.execute(text(f'SELECT * FROM "{reference}"'))).all()
        )
        return list((left - right).elements()), list((right - left).elements())


async def _load(
    engine: AsyncEngine, make_upload: Any, dataset: str, columns: Sequence[Column], rows: Sequence[TypedRow]
) -> str:
    upload = make_upload(f"u-{dataset}", dataset=dataset, sha256=dataset[0] * 64)
    await add_upload(engine, upload)
    await load_upload(engine, upload, columns, _batches(rows))
    return upload.id


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
async def test_a_tricky_file_loads_the_same_rows_as_the_plain_path(
    engine: AsyncEngine, make_upload: Any
) -> None:
    columns, rows = await _typed_rows(io.BytesIO(TRICKY.encode()))
    assert len(rows) == 7
    upload_id = await _load(engine, make_upload, "tricky", columns, rows)
    await _load_reference(engine, "reference_tricky", upload_id, columns, rows)

    assert await _differences(engine, dataset_table_name("tricky"), "reference_tricky") == ([], [])
    table = dataset_table(dataset_table_name("tricky"), columns)
    async with engine.connect() as connection:
        stored = (await connection.execute(select(table).order_by(table.c[ROW_NUMBER]))).all()
    by_name = [
        dict(zip([UPLOAD_KEY, ROW_NUMBER, *(c.name for c in columns)], row, strict=True)) for row in stored
    ]
    assert [row["ref"] for row in by_name[:2]] == ["123456789012345678", "000000000000000001"]
    assert [row["code"] for row in by_name[:3]] == ["007", "0042", None]
    assert by_name[1]["amount"] == Decimal("0.000000000001")
    assert by_name[3]["amount"] == Decimal("99999999999999.999999999999")
    assert [row["note"] for row in by_name[1:4]] == ["\\N", "line one\nline two", "\\."]
    assert by_name[5]["code"] == "  padded  "


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
async def test_empty_strings_stay_empty_and_nulls_stay_null(engine: AsyncEngine, make_upload: Any) -> None:
    upload_id = await _load(engine, make_upload, "extra", EXTRA_COLUMNS, EXTRA_ROWS)
    await _load_reference(engine, "reference_extra", upload_id, EXTRA_COLUMNS, EXTRA_ROWS)

    assert await _differences(engine, dataset_table_name("extra"), "reference_extra") == ([], [])
    table = dataset_table(dataset_table_name("extra"), EXTRA_COLUMNS)
    async with engine.connect() as connection:
        notes = (await connection.execute(select(table.c.note).order_by(table.c[ROW_NUMBER]))).scalars().all()
    assert notes == ["", None, "\\N", '""', "NULL", "a,b\r\nc"]


# Read column-wise and sent as the cells' own text (PostgreSQL's CSV COPY): ids and codes kept as written,
# exact decimals, dates, datetimes naive (UTC), with an offset or Z, booleans in any case, COPY's markers.
AS_TEXT = (
    "id,ref,code,amount,day,at,flag,note\n"
    "1,123456789012345678,007,1234.50,2024-02-28,2024-05-01T12:00:00,true,He said hi\n"
    "2,000000000000000001,0042,0.000000000001,1999-01-01,2024-05-01T12:00:00+05:30,FALSE,\\N\n"
    "3,999999999999999999,,-0.10,2024-12-31,2024-05-01T23:59:59.123456Z,,back\\slash and 😀\n"
    "4,100000000000000000,A12,99999999999999.999999999999,2024-01-01,,True,\\.\n"
    "5,123456789012345679, padded ,7,2024-06-30,2024-06-30 00:00:00-03:00,false,NULL\n"
)


def _in_another_time_zone(engine: AsyncEngine) -> None:
    """Sessions whose time zone is not UTC: a naive datetime must still load as UTC."""

    def configure(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("SET TIME ZONE 'America/Sao_Paulo'")
        cursor.close()

    event.listen(engine.sync_engine, "connect", configure)


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
async def test_rows_sent_as_text_load_the_same_rows_as_the_plain_path(
    engine: AsyncEngine, make_upload: Any
) -> None:
    if engine.dialect.name == "postgresql":
        await engine.dispose()
        _in_another_time_zone(engine)
    source = io.BytesIO(AS_TEXT.encode())
    validated = await validate(source, None, (), validator=VALIDATOR)
    columns = validated.report.columns
    batches = [batch async for batch in typed_batches(source, validated, OnError.ACCEPT, as_text=True)]
    assert [type(batch) for batch in batches] == [TextRows]
    reference = [row async for batch in typed_batches(source, validated, OnError.ACCEPT) for row in batch]
    upload = make_upload("u-as-text", dataset="as_text", sha256="t" * 64)
    await add_upload(engine, upload)

    async def sent() -> AsyncIterator[Sequence[TypedRow]]:
        for batch in batches:
            yield batch

    await load_upload(engine, upload, columns, sent())
    await _load_reference(engine, "reference_as_text", upload.id, columns, reference)

    assert await _differences(engine, dataset_table_name("as_text"), "reference_as_text") == ([], [])
    table = dataset_table(dataset_table_name("as_text"), columns)
    async with engine.connect() as connection:
        stored = (await connection.execute(select(table).order_by(table.c[ROW_NUMBER]))).all()
    assert [row.ref for row in stored[:2]] == ["123456789012345678", "000000000000000001"]
    assert [row.code for row in stored[:3]] == ["007", "0042", None]
    assert [row.note for row in stored[1:]] == ["\\N", "back\\slash and 😀", "\\.", "NULL"]
    assert stored[3].amount == Decimal("99999999999999.999999999999")
    assert stored[4].code == " padded "
    assert stored[0].at.replace(tzinfo=UTC) == datetime(2024, 5, 1, 12, tzinfo=UTC)
