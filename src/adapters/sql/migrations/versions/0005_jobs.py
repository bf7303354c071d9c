"""Uploads processed as jobs: progress, the worker's lease on the record, attempts and the job's options.

Revision ID: 0005_jobs
Revises: 0004_accounts
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_jobs"
down_revision = "0004_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.add_column(sa.Column("progress", sa.UnicodeText(), nullable=True))
        batch.add_column(sa.Column("lease_owner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("job", sa.UnicodeText(), nullable=True))
        batch.create_index("ix_uploads_status_lease_until", ["status", "lease_until"])


def downgrade() -> None:
    with op.batch_alter_table("uploads") as batch:
        batch.drop_index("ix_uploads_status_lease_until")
        batch.drop_column("job")
        batch.drop_column("attempts")
        batch.drop_column("lease_until")
        batch.drop_column("lease_owner")
        batch.drop_column("progress")
