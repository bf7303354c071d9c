"""The upsert, widening and staging statements each dialect receives, compiled without a database."""

from __future__ import annotations

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable
from tests.unit.adapters.sql.test_dataset_ddl import sql_server

from adapters.sql.column_widening import widen_column
from adapters.sql.dataset_tables import UPLOAD_ID, dataset_table, key_index
from adapters.sql.load_modes import append_new, clash_samples, upsert
from adapters.sql.staging import staging_table
from domain.validation.report import Column, ColumnType

pytestmark = pytest.mark.unit

COLUMNS = [Column("id", "id", ColumnType.INTEGER), Column("name", "name", ColumnType.STRING)]


def compiled(statement, dialect) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(statement.compile(dialect=dialect)).split())


def test_sql_server_upserts_with_one_merge_holding_the_key_range() -> None:
    dialect = sql_server()
    table = dataset_table("ds_sales", COLUMNS)
    staging = staging_table("mssql", table, COLUMNS)

    merge = compiled(upsert(dialect, table, staging, ["id"]), dialect)

    assert merge.startswith("MERGE INTO ds_sales WITH (HOLDLOCK) AS target USING (SELECT")
    assert "FROM [#ingesta_staging]" in merge
    assert "AS source ON target.id = source.id" in merge
    assert (
        "WHEN MATCHED THEN UPDATE SET target._upload_key = source._upload_key, "
        "target._row_number = source._row_number, target.name = source.name" in merge
    )
    assert (
        "WHEN NOT MATCHED THEN INSERT (_upload_key, _row_number, id, name) "
        "VALUES (source._upload_key, source._row_number, source.id, source.name);" in merge
    )
    # Only the first row of a key repeated in the file: MERGE may not touch one target row twice.
    assert "earlier._row_number < [#ingesta_staging]._row_number" in merge


def test_sql_server_merge_quotes_hostile_identifiers() -> None:
    dialect = sql_server()
    hostile = [Column("k]; DROP TABLE y; --", "k", ColumnType.STRING), Column("v", "v", ColumnType.STRING)]
    table = dataset_table("ds_x", hostile)
    staging = staging_table("mssql", table, hostile)

    merge = compiled(upsert(dialect, table, staging, [hostile[0].name]), dialect)

    assert "target.[k]]; DROP TABLE y; --] = source.[k]]; DROP TABLE y; --]" in merge


@pytest.mark.parametrize("dialect", [postgresql.dialect(), sqlite.dialect()], ids=["postgresql", "sqlite"])
def test_postgresql_and_sqlite_upsert_with_on_conflict_on_the_key(dialect) -> None:  # type: ignore[no-untyped-def]
    table = dataset_table("ds_sales", COLUMNS)
    staging = staging_table(dialect.name, table, COLUMNS)

    statement = compiled(upsert(dialect, table, staging, ["id"]), dialect)

    assert statement.startswith("INSERT INTO ds_sales (_upload_key, _row_number, id, name) SELECT")
    assert statement.endswith(
        "ON CONFLICT (id) DO UPDATE SET _upload_key = excluded._upload_key, "
        "_row_number = excluded._row_number, name = excluded.name"
    )


def test_append_inserts_only_keys_the_dataset_does_not_hold() -> None:
    table = dataset_table("ds_sales", COLUMNS)
    staging = staging_table("postgresql", table, COLUMNS)

    statement = compiled(append_new(table, staging, ["id"]), postgresql.dialect())

    assert "AND NOT (EXISTS (SELECT * FROM ds_sales WHERE ds_sales.id = ingesta_staging.id))" in statement


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (ColumnType.INTEGER, ColumnType.DECIMAL, "ALTER TABLE ds_sales ALTER COLUMN c NUMERIC(38, 12) NULL"),
        (ColumnType.DATE, ColumnType.DATETIME, "ALTER TABLE ds_sales ALTER COLUMN c DATETIMEOFFSET NULL"),
        (ColumnType.BOOLEAN, ColumnType.STRING, "ALTER TABLE ds_sales ALTER COLUMN c NVARCHAR(max) NULL"),
    ],
)
def test_sql_server_widens_a_column_in_place(old: ColumnType, new: ColumnType, expected: str) -> None:
    statements = widen_column(sql_server(), "ds_sales", Column("c", "c", old), Column("c", "c", new))

    assert [str(s) for s in statements] == [expected]


def test_postgresql_widens_a_date_to_midnight_utc() -> None:
    statements = widen_column(
        postgresql.dialect(),
        "ds_sales",
        Column("d", "d", ColumnType.DATE),
        Column("d", "d", ColumnType.DATETIME),
    )

    assert [str(s) for s in statements] == [
        "ALTER TABLE ds_sales ALTER COLUMN d TYPE TIMESTAMP WITH TIME ZONE "
        "USING (d::timestamp AT TIME ZONE 'UTC')"
    ]


def test_sqlite_widens_by_swapping_in_a_new_column() -> None:
    statements = widen_column(
        sqlite.dialect(),
        "ds_sales",
        Column("n", "n", ColumnType.INTEGER),
        Column("n", "n", ColumnType.DECIMAL),
    )

    assert [str(s) for s in statements] == [
        "ALTER TABLE ds_sales ADD COLUMN n__widened TEXT",
        "UPDATE ds_sales SET n__widened = CAST(n AS TEXT)",
        "ALTER TABLE ds_sales DROP COLUMN n",
        "ALTER TABLE ds_sales RENAME COLUMN n__widened TO n",
    ]


def test_the_staging_table_is_temporary_on_each_dialect() -> None:
    table = dataset_table("ds_sales", COLUMNS)

    assert compiled(CreateTable(staging_table("mssql", table, COLUMNS)), sql_server()).startswith(
        "CREATE TABLE [#ingesta_staging] ("
    )
    assert compiled(
        CreateTable(staging_table("postgresql", table, COLUMNS)), postgresql.dialect()
    ).startswith("CREATE TEMPORARY TABLE ingesta_staging (")


def test_the_staging_table_carries_the_upload_as_its_target_does() -> None:
    new, old = dataset_table("ds_sales", COLUMNS), dataset_table("ds_sales", COLUMNS, UPLOAD_ID)

    assert "_upload_key BIGINT NOT NULL, _row_number BIGINT NOT NULL" in compiled(
        CreateTable(staging_table("mssql", new, COLUMNS)), sql_server()
    )
    assert "_upload_id VARCHAR(36) NOT NULL, _row_number BIGINT NOT NULL" in compiled(
        CreateTable(staging_table("mssql", old, COLUMNS)), sql_server()
    )


def test_sql_server_key_clashes_name_the_upload_through_its_key() -> None:
    new, old = dataset_table("ds_sales", COLUMNS), dataset_table("ds_sales", COLUMNS, UPLOAD_ID)

    through_key = compiled(clash_samples(new, staging_table("mssql", new, COLUMNS), ["id"]), sql_server())
    direct = compiled(clash_samples(old, staging_table("mssql", old, COLUMNS), ["id"]), sql_server())

    assert through_key.startswith(
        "SELECT TOP __[POSTCOMPILE_param_1] [#ingesta_staging]._row_number, [#ingesta_staging].id, "
        "upload_keys.upload_id FROM [#ingesta_staging] JOIN ds_sales ON ds_sales.id = [#ingesta_staging].id "
        "JOIN upload_keys ON upload_keys.upload_key = ds_sales._upload_key"
    )
    assert "ds_sales._upload_id FROM" in direct and "upload_keys" not in direct


def test_the_key_index_is_unique_and_named_within_the_identifier_limit() -> None:
    table = dataset_table("ds_" + "x" * 60, COLUMNS)

    statement = compiled(CreateIndex(key_index(table, ["id"])), sql_server())

    assert statement.startswith("CREATE UNIQUE INDEX ux_")
    assert len(key_index(table, ["id"]).name or "") <= 63
