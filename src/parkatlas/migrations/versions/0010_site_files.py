"""site_files: photos and documents of a site, kept in the database (workspace/site_files.py)

Revision ID: 0010_site_files
Revises: 0009_foreign_keys
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_site_files"
down_revision = "0009_foreign_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site_files",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("site_id", sa.String(length=64), sa.ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=80)),
        sa.Column("unit_id", sa.String(length=64)),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_site_files_site_id", "site_files", ["site_id"])


def downgrade() -> None:
    op.drop_index("ix_site_files_site_id", table_name="site_files")
    op.drop_table("site_files")
