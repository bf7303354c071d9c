"""Alembic environment: runs on the connection `upgrade_database` hands over, for any of our dialects."""

from alembic import context

from adapters.sql import (  # noqa: F401 - registers tables
    auth_tables,
    column_mapping_tables,
    contract_tables,
    dataset_tables,
    metadata,
    upload_keys,
    upload_tables,
)

target_metadata = metadata.metadata


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
