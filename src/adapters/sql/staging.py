"""A connection-private staging table: an upload's rows land here first, then one set-based statement
moves them into the dataset (append, upsert or replace), however many rows there are."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from sqlalchemy import BigInteger, Index, MetaData, Table
from sqlalchemy import Column as SqlColumn
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.schema import CreateIndex, CreateTable, DropTable

from adapters.sql.bulk_insert import insert_batch
from adapters.sql.dataset_tables import ROW_NUMBER, data_column, upload_column_name
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow

STAGING = "ingesta_staging"


def staging_table(dialect_name: str, target: Table, columns: Sequence[Column]) -> Table:
    """Temporary (gone with the session, or the transaction's rollback); no primary key, so rows that
    repeat a key within the file can be staged and the first of them chosen. Its upload column is the
    target's (an integer key, or the id in a table created before 0009_i12_keys)."""
    sql_server = dialect_name == "mssql"
    upload = target.c[upload_column_name(target)]
    return Table(
        f"#{STAGING}" if sql_server else STAGING,
        MetaData(),
        SqlColumn(upload.name, upload.type, nullable=False, autoincrement=False),
        SqlColumn(ROW_NUMBER, BigInteger, nullable=False, autoincrement=False),
        *(data_column(column) for column in columns),
        prefixes=[] if sql_server else ["TEMPORARY"],
    )


def staging_key_index(table: Table, key: Sequence[str]) -> Index:
    # "Is there an earlier row with this key?" and the join with the dataset both look keys up.
    return Index(f"ix_{STAGING}_key", *(table.c[name] for name in key), table.c[ROW_NUMBER])


async def stage(
    connection: AsyncConnection,
    target: Table,
    columns: Sequence[Column],
    key: Sequence[str],
    upload: int | str,
    batches: AsyncIterator[Sequence[TypedRow]],
) -> tuple[Table, int]:
    """Create the staging table and fill it with every batch; returns it and its row count.

    The index is built after the rows are in: one sort instead of a tree update per row.
    """
    table = staging_table(connection.dialect.name, target, columns)
    await connection.execute(CreateTable(table))
    staged = 0
    async for batch in batches:
        staged += await insert_batch(connection, table, upload, columns, batch)
    await connection.execute(CreateIndex(staging_key_index(table, key)))
    return table, staged


async def drop_staging(connection: AsyncConnection, table: Table) -> None:
    # Within the transaction: a pooled connection must not carry the table into the next load.
    await connection.execute(DropTable(table))
