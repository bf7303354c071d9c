"""Corrected uploads name the upload they correct; attempts refused before validation say why.

Revision ID: 0008_corrections
Revises: 0007_cancel
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_corrections"
down_revision = "0007_cancel"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.add_column(sa.Column("corrects", sa.String(36), nullable=True))
        batch.add_column(sa.Column("refusal", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.drop_column("refusal")
        batch.drop_column("corrects")
