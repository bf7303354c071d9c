"""The `datasets` catalogue and the typed table each dataset's rows live in.

Table names: `ds_<dataset>`. Dataset names allow 63 characters, PostgreSQL identifiers too, so a name
that would not fit becomes `ds_<first 51 characters>_<8 hex of its SHA-256>` (exactly 63). The name
chosen at the first load is stored in `datasets.table_name` and never derived again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

from alembic.ddl.base import AddColumn
from sqlalchemy import BigInteger, Boolean, Column, Date, Index, MetaData, String, Table, Time, UnicodeText
from sqlalchemy.types import TypeEngine

from adapters.sql.metadata import metadata
from adapters.sql.sql_types import UtcDateTime, exact_decimal
from application.dataset_errors import DatasetNameInvalid
from domain.validation.report import Column as DataColumn
from domain.validation.report import ColumnType

DATASET_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MAX_IDENTIFIER = 63
TABLE_PREFIX = "ds_"
# The column naming each row's upload: a compact integer from `upload_keys` in tables created since
# 0009_i12_keys, the upload's 36-character id in tables created before (they keep it: see that revision).
UPLOAD_KEY = "_upload_key"
UPLOAD_ID = "_upload_id"
ROW_NUMBER = "_row_number"

datasets = Table(
    "datasets",
    metadata,
    Column("name", String(63), primary_key=True),
    Column("table_name", String(63), nullable=False),
    Column("columns", UnicodeText, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # Added by 0009_i12_keys: the table's upload column; NULL for tables created before it (UPLOAD_ID).
    Column("upload_column", String(16), nullable=True),
)


def check_dataset_name(dataset: str) -> None:
    if not DATASET_NAME.fullmatch(dataset):
        raise DatasetNameInvalid(dataset, DATASET_NAME.pattern)


def dataset_table_name(dataset: str) -> str:
    name = TABLE_PREFIX + dataset
    if len(name) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.sha256(dataset.encode()).hexdigest()[:8]
    return f"{TABLE_PREFIX}{dataset[: MAX_IDENTIFIER - len(TABLE_PREFIX) - 9]}_{digest}"


def sql_type(column_type: ColumnType) -> TypeEngine[Any]:
    types: dict[ColumnType, TypeEngine[Any]] = {
        ColumnType.INTEGER: BigInteger(),
        ColumnType.DECIMAL: exact_decimal(),
        ColumnType.BOOLEAN: Boolean(),
        ColumnType.DATE: Date(),
        ColumnType.DATETIME: UtcDateTime(),
        ColumnType.STRING: UnicodeText(),
        ColumnType.TIME: Time(),
    }
    return types[column_type]


def data_column(column: DataColumn) -> Column[object]:
    # Always nullable: `accept` loads invalid cells as NULL, and older rows lack columns added later.
    return Column(column.name, sql_type(column.type), nullable=True)


def upload_column(name: str | None) -> Column[object]:
    """The column holding each row's upload, by the name the catalogue keeps (None: before 0009)."""
    if name in (None, UPLOAD_ID):
        return Column(UPLOAD_ID, String(36), primary_key=True, nullable=False)
    if name != UPLOAD_KEY:
        raise ValueError(f"unknown upload column {name!r}")
    return Column(UPLOAD_KEY, BigInteger, primary_key=True, nullable=False, autoincrement=False)


def dataset_table(table_name: str, columns: Sequence[DataColumn], upload: str | None = UPLOAD_KEY) -> Table:
    """A Table on its own MetaData: dataset tables are data, not part of Ingesta's migrated schema.

    The primary key (upload column, _row_number) is also the index for "the rows of one upload". New
    tables name the upload by its integer key (8 bytes, not 36 characters: COPY into the table is about
    twice as fast); `upload` is the catalogue's `upload_column` for a table that exists.
    """
    return Table(
        table_name,
        MetaData(),
        upload_column(upload),
        Column(ROW_NUMBER, BigInteger, primary_key=True, nullable=False, autoincrement=False),
        *(data_column(column) for column in columns),
    )


def upload_column_name(table: Table) -> str:
    return UPLOAD_KEY if UPLOAD_KEY in table.c else UPLOAD_ID


def add_column(table_name: str, column: DataColumn) -> AddColumn:
    """`ALTER TABLE ... ADD ...` as a DDL construct, so each dialect quotes and types it itself."""
    # Bound to a Table: SQL Server's compiler refuses to render DDL for a free-standing Column.
    bound = dataset_table(table_name, [column]).c[column.name]
    return AddColumn(table_name, bound)


def key_index(table: Table, key: Sequence[str]) -> Index:
    """The UNIQUE index that makes the contract's primary key hold in the dataset's table."""
    name = f"ux_{table.name}"
    if len(name) > MAX_IDENTIFIER:
        name = f"ux_{hashlib.sha256(table.name.encode()).hexdigest()[:16]}"
    return Index(name, *(table.c[column] for column in key), unique=True)
