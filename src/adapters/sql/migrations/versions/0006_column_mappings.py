"""Column mappings a user confirmed, remembered per dataset and file header set.

Revision ID: 0006_column_mappings
Revises: 0005_jobs
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_column_mappings"
down_revision = "0005_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "column_mappings",
        sa.Column("dataset", sa.String(63), nullable=False),
        sa.Column("header_key", sa.String(64), nullable=False),
        sa.Column("headers", sa.UnicodeText(), nullable=False),
        sa.Column("columns", sa.UnicodeText(), nullable=False),
        sa.Column("saved_by", sa.String(64), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("dataset", "header_key", name="pk_column_mappings"),
    )


def downgrade() -> None:
    op.drop_table("column_mappings")
