"""Cancelling an upload job: why its owner or an admin asked for it (NULL while nobody did).

Revision ID: 0007_cancel
Revises: 0006_column_mappings
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_cancel"
down_revision = "0006_column_mappings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.add_column(sa.Column("cancel_reason", sa.UnicodeText(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.drop_column("cancel_reason")
