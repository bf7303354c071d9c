"""Dataset contracts (versioned Table Schemas), and each upload's mode, contract version and counts.

Revision ID: 0003_contracts
Revises: 0002_uploads
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_contracts"
down_revision = "0002_uploads"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dataset_contracts",
        sa.Column("dataset", sa.String(63), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("document", sa.UnicodeText(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("dataset", "version", name="pk_dataset_contracts"),
    )
    # Uploads recorded before contracts existed were all appends, checked against no declared version.
    with op.batch_alter_table("uploads") as batch:
        batch.add_column(sa.Column("mode", sa.String(16), nullable=False, server_default="append"))
        batch.add_column(sa.Column("schema_version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("rows_inserted", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("rows_updated", sa.BigInteger(), nullable=False, server_default="0"))
    op.execute("UPDATE uploads SET rows_inserted = rows_loaded")


def downgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.drop_column("rows_updated")
        batch.drop_column("rows_inserted")
        batch.drop_column("schema_version")
        batch.drop_column("mode")
    op.drop_table("dataset_contracts")
