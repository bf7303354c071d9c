"""SQLite has one writer at a time: a load stages its rows where no lock on the database file is needed.

A TEMPORARY table lives in the connection's own temp database, so filling it takes no lock on the main
file; logins, logouts and other uploads write meanwhile. The rows then move in one short transaction
(`INSERT ... SELECT`), so the upload stays all or nothing. The staged rows carry no upload column: the
upload's key is numbered under the lock, and the move writes it into every row.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import BigInteger, Column, Insert, MetaData, Table, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.dataset_tables import ROW_NUMBER, data_column, upload_column_name
from domain.validation.report import Column as DataColumn


def staging_table(columns: Sequence[DataColumn]) -> Table:
    return Table(
        f"staging_{uuid.uuid4().hex}",
        MetaData(),
        Column(ROW_NUMBER, BigInteger, nullable=False),
        *(data_column(column) for column in columns),
        prefixes=["TEMPORARY"],
    )


async def open_staging(connection: AsyncConnection, columns: Sequence[DataColumn]) -> Table:
    """A staging table for one load; `drop_staging` must follow, whatever happens."""
    staging = staging_table(columns)
    await connection.run_sync(staging.create)
    return staging


async def drop_staging(connection: AsyncConnection, staging: Table) -> None:
    try:
        await connection.rollback()
        await connection.run_sync(lambda sync: staging.drop(sync, checkfirst=True))
        await connection.commit()
    except Exception:
        # A pooled connection must not carry the rows on; a new connection has no temp tables.
        await connection.invalidate()
        raise


def copy_staged(staging: Table, target: Table, upload: int | str) -> Insert:
    """Every staged row into `target`, each with `upload` (a bound value) in its upload column."""
    column = target.c[upload_column_name(target)]
    names = [column.name, *(staged.name for staged in staging.columns)]
    return insert(target).from_select(names, select(literal(upload, column.type), *staging.columns))
