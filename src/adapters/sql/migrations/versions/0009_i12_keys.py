"""Dataset tables name each row's upload by a compact integer key instead of its 36-character id.

Revision ID: 0009_i12_keys
Revises: 0008_corrections

Dataset tables are created by the application, not by Alembic. Tables created before this revision are
left as they are: the catalogue's new `datasets.upload_column` is NULL for them, which the adapters read
as "rows carry `_upload_id`", so they keep loading (and their key clashes name their uploads) unchanged.
Rewriting every loaded row here would hold each table locked for as long as its copy takes, on every
database, for a gain only later loads see. Tables created from now on carry `_upload_key`, numbered in
`upload_keys`.

Downgrade drops both; tables created since would then be read as the old layout, so downgrade only
before any dataset was created under this revision.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_i12_keys"
down_revision = "0008_corrections"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "upload_keys",
        sa.Column(
            "upload_key",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("upload_id", sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint("upload_key", name="pk_upload_keys"),
    )
    op.create_index("ux_upload_keys_upload_id", "upload_keys", ["upload_id"], unique=True)
    with op.batch_alter_table("datasets") as batch:
        batch.add_column(sa.Column("upload_column", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("datasets") as batch:
        batch.drop_column("upload_column")
    op.drop_index("ux_upload_keys_upload_id", table_name="upload_keys")
    op.drop_table("upload_keys")
