"""`upload_keys`: each loaded upload's compact integer key, the one its rows carry in dataset tables.

A table of its own rather than a column of `uploads`: SQLite cannot add an autoincrementing column to
an existing table, and only uploads that reach a dataset need a key.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.metadata import metadata

# INTEGER on SQLite, where only that spelling makes the column the rowid (numbered by the database).
_KEY_TYPE = BigInteger().with_variant(Integer(), "sqlite")

upload_keys = Table(
    "upload_keys",
    metadata,
    Column("upload_key", _KEY_TYPE, primary_key=True, autoincrement=True),
    Column("upload_id", String(36), nullable=False),
    Index("ux_upload_keys_upload_id", "upload_id", unique=True),
)


async def upload_key(connection: AsyncConnection, upload_id: str) -> int:
    """The upload's key, numbered on its first load; inside the load's transaction, under the dataset's
    lock, so a retried load of the same upload finds the key its earlier (committed) load took."""
    query = select(upload_keys.c.upload_key).where(upload_keys.c.upload_id == upload_id)
    found = (await connection.execute(query)).scalar_one_or_none()
    if found is not None:
        return int(found)
    result = await connection.execute(insert(upload_keys).values(upload_id=upload_id))
    numbered = result.inserted_primary_key
    if numbered is None:
        raise RuntimeError("the database did not say which key it gave the upload")
    return int(numbered[0])
