"""Upload records and the dataset catalogue.

Revision ID: 0002_uploads
Revises: 0001_auth
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_uploads"
down_revision = "0001_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "uploads",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("dataset", sa.String(63), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("filename", sa.Unicode(255), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("object_key", sa.Unicode(1024), nullable=False),
        sa.Column("uploaded_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("on_error", sa.String(16), nullable=False),
        sa.Column("encoding", sa.String(32), nullable=True),
        sa.Column("delimiter", sa.Unicode(8), nullable=True),
        sa.Column("rows_total", sa.BigInteger(), nullable=False),
        sa.Column("rows_valid", sa.BigInteger(), nullable=False),
        sa.Column("rows_invalid", sa.BigInteger(), nullable=False),
        sa.Column("rows_loaded", sa.BigInteger(), nullable=False),
        sa.Column("columns", sa.UnicodeText(), nullable=False),
        sa.Column("validations", sa.UnicodeText(), nullable=False),
        sa.Column("insights", sa.UnicodeText(), nullable=True),
        sa.Column("failure", sa.UnicodeText(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_uploads"),
    )
    op.create_index("ix_uploads_uploaded_by_created_at", "uploads", ["uploaded_by", "created_at"])
    op.create_index("ix_uploads_dataset_sha256_status", "uploads", ["dataset", "sha256", "status"])
    op.create_table(
        "datasets",
        sa.Column("name", sa.String(63), nullable=False),
        sa.Column("table_name", sa.String(63), nullable=False),
        sa.Column("columns", sa.UnicodeText(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_datasets"),
    )


def downgrade() -> None:
    # The per-dataset `ds_*` tables hold users' data and are deliberately left in place.
    op.drop_table("datasets")
    op.drop_index("ix_uploads_dataset_sha256_status", table_name="uploads")
    op.drop_index("ix_uploads_uploaded_by_created_at", table_name="uploads")
    op.drop_table("uploads")
