"""Disabled accounts and "revoke every session of a user".

Revision ID: 0004_accounts
Revises: 0002_uploads
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_accounts"
down_revision = "0003_contracts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "revoked_users",
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_revoked_users"),
    )


def downgrade() -> None:
    op.drop_table("revoked_users")
    with op.batch_alter_table("users") as users:
        users.drop_column("disabled")
