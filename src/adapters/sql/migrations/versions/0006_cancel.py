"""Cancelling an upload job: why its owner or an admin asked for it (NULL while nobody did).

Revision ID: 0006_cancel
Revises: 0005_jobs
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_cancel"
down_revision = "0005_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.add_column(sa.Column("cancel_reason", sa.UnicodeText(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.drop_column("cancel_reason")
