"""The DDL and DML each dialect receives, compiled without a database."""

from __future__ import annotations

import pytest
from sqlalchemy import insert
from sqlalchemy.dialects import mssql, postgresql, sqlite
from sqlalchemy.schema import CreateTable

from adapters.sql.dataset_locks import locked_catalogue_row
from adapters.sql.dataset_tables import add_column, dataset_table
from adapters.sql.sqlite_staging import copy_staged
from adapters.sql.sqlite_staging import staging_table as sqlite_staging_table
from adapters.sql.upload_keys import upload_keys
from domain.validation.report import Column, ColumnType

pytestmark = pytest.mark.unit

EVERY_TYPE = [
    Column("id", "ID", ColumnType.INTEGER),
    Column("amount", "Amount", ColumnType.DECIMAL),
    Column("active", "Active", ColumnType.BOOLEAN),
    Column("born", "Born", ColumnType.DATE),
    Column("seen_at", "Seen at", ColumnType.DATETIME),
    Column("name", "Name", ColumnType.STRING),
]


def sql_server() -> mssql.dialect:
    """The dialect as it is once connected to SQL Server 2022 (it learns the version on connect)."""
    dialect = mssql.dialect(deprecate_large_types=True)
    dialect.server_version_info = (16, 0)
    dialect._setup_version_attributes()
    return dialect


HOSTILE_TABLE = 'ds_a"; DROP TABLE x; --'
HOSTILE_COLUMN = Column("b]; DROP TABLE y; --", "b", ColumnType.STRING)


def ddl(dialect, columns=EVERY_TYPE, name="ds_sales") -> str:  # type: ignore[no-untyped-def]
    return str(CreateTable(dataset_table(name, columns)).compile(dialect=dialect))


def test_sql_server_table_uses_its_own_types() -> None:
    text = ddl(sql_server())

    assert "CREATE TABLE ds_sales" in text
    assert "_upload_key BIGINT NOT NULL" in text
    assert "_row_number BIGINT NOT NULL" in text
    assert "id BIGINT NULL" in text
    assert "amount NUMERIC(38, 12) NULL" in text
    assert "active BIT NULL" in text
    assert "born DATE NULL" in text
    assert "seen_at DATETIMEOFFSET NULL" in text
    assert "name NVARCHAR(max) NULL" in text
    assert "PRIMARY KEY (_upload_key, _row_number)" in text
    assert "IDENTITY" not in text
    assert "_upload_id" not in text


def test_postgresql_table_uses_exact_numeric_and_timestamptz() -> None:
    text = ddl(postgresql.dialect())

    assert "amount NUMERIC(38, 12)" in text
    assert "active BOOLEAN" in text
    assert "seen_at TIMESTAMP WITH TIME ZONE" in text
    assert "name TEXT" in text
    assert "_upload_key BIGINT NOT NULL" in text
    assert "PRIMARY KEY (_upload_key, _row_number)" in text
    assert "SERIAL" not in text


@pytest.mark.parametrize(
    "dialect", [sql_server(), postgresql.dialect(), sqlite.dialect()], ids=["mssql", "postgresql", "sqlite"]
)
def test_a_table_created_before_integer_keys_keeps_its_text_id(dialect) -> None:  # type: ignore[no-untyped-def]
    text = str(CreateTable(dataset_table("ds_sales", EVERY_TYPE, None)).compile(dialect=dialect))

    assert "_upload_id VARCHAR(36) NOT NULL" in text
    assert "PRIMARY KEY (_upload_id, _row_number)" in text
    assert "_upload_key" not in text


def test_sql_server_numbers_upload_keys_with_an_identity() -> None:
    text = " ".join(str(CreateTable(upload_keys).compile(dialect=sql_server())).split())

    assert text == (
        "CREATE TABLE upload_keys ( upload_key BIGINT NOT NULL IDENTITY, upload_id VARCHAR(36) NOT NULL, "
        "CONSTRAINT pk_upload_keys PRIMARY KEY (upload_key) )"
    )
    assert "upload_key INTEGER NOT NULL" in str(CreateTable(upload_keys).compile(dialect=sqlite.dialect()))
    pg = str(CreateTable(upload_keys).compile(dialect=postgresql.dialect()))
    assert "upload_key BIGSERIAL NOT NULL" in pg


def test_staged_rows_move_with_the_upload_key_as_a_bound_value() -> None:
    target = dataset_table("ds_sales", EVERY_TYPE[:1])
    staging = sqlite_staging_table(EVERY_TYPE[:1])

    text = " ".join(str(copy_staged(staging, target, 7).compile(dialect=sql_server())).split())

    assert text.startswith(
        f"INSERT INTO ds_sales (_upload_key, _row_number, id) SELECT :param_1 AS anon_1, "
        f"{staging.name}._row_number, {staging.name}.id FROM {staging.name}"
    )


def test_sqlite_keeps_decimals_as_text_so_they_stay_exact() -> None:
    assert "amount TEXT" in ddl(sqlite.dialect())


def test_adding_a_column_is_an_alter_table_per_dialect() -> None:
    column = Column("note", "Note", ColumnType.STRING)

    assert str(add_column("ds_sales", column).compile(dialect=sql_server())) == (
        "ALTER TABLE ds_sales ADD note NVARCHAR(max) NULL"
    )
    assert str(add_column("ds_sales", column).compile(dialect=postgresql.dialect())) == (
        "ALTER TABLE ds_sales ADD COLUMN note TEXT"
    )


def test_hostile_names_are_quoted_identifiers_in_every_statement() -> None:
    table = dataset_table(HOSTILE_TABLE, [HOSTILE_COLUMN])

    mssql_ddl = str(CreateTable(table).compile(dialect=sql_server()))
    pg_ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))
    pg_alter = str(add_column(HOSTILE_TABLE, HOSTILE_COLUMN).compile(dialect=postgresql.dialect()))
    mssql_alter = str(add_column(HOSTILE_TABLE, HOSTILE_COLUMN).compile(dialect=sql_server()))

    assert 'CREATE TABLE [ds_a"; DROP TABLE x; --]' in mssql_ddl
    assert "[b]]; DROP TABLE y; --] NVARCHAR(max)" in mssql_ddl
    assert 'CREATE TABLE "ds_a""; DROP TABLE x; --"' in pg_ddl
    assert '"b]; DROP TABLE y; --" TEXT' in pg_ddl
    assert pg_alter == 'ALTER TABLE "ds_a""; DROP TABLE x; --" ADD COLUMN "b]; DROP TABLE y; --" TEXT'
    assert (
        mssql_alter == 'ALTER TABLE [ds_a"; DROP TABLE x; --] ADD [b]]; DROP TABLE y; --] NVARCHAR(max) NULL'
    )


def test_inserts_bind_every_value_and_quote_every_name() -> None:
    table = dataset_table(HOSTILE_TABLE, [HOSTILE_COLUMN])

    text = str(insert(table).compile(dialect=sql_server()))

    assert text.startswith(
        'INSERT INTO [ds_a"; DROP TABLE x; --] (_upload_key, _row_number, [b]]; DROP TABLE y; --])'
    )
    assert text.endswith("VALUES (:_upload_key, :_row_number, :b_;_DROP_TABLE_y;_--)")  # bound, never inlined


def test_sql_server_locks_the_catalogue_key_range_while_reading_it() -> None:
    text = str(locked_catalogue_row("sales").compile(dialect=sql_server()))

    assert "FROM datasets WITH (UPDLOCK, HOLDLOCK)" in text
    assert "WITH (" not in str(locked_catalogue_row("sales").compile(dialect=postgresql.dialect()))
