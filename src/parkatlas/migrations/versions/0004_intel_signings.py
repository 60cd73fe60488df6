"""intel: fact spans, sub-metrics, projects and sentences; signing records (issue 13)

Revision ID: 0004_intel_signings
Revises: 0003_chains
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_intel_signings"
down_revision = "0003_chains"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facts") as b:
        b.add_column(sa.Column("span_start", sa.String(length=7), nullable=True))
        b.add_column(sa.Column("span_end", sa.String(length=7), nullable=True))
        b.add_column(sa.Column("sub_metric", sa.String(length=32), nullable=True))
        b.add_column(sa.Column("project", sa.String(length=200), nullable=True))
        b.add_column(sa.Column("context_start", sa.Integer(), nullable=True))
        b.add_column(sa.Column("context_end", sa.Integer(), nullable=True))
    op.create_table(
        "signings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("project", sa.String(length=200), nullable=True),
        sa.Column("enterprise", sa.String(length=200), nullable=True),
        sa.Column("place", sa.String(length=80), nullable=True),
        sa.Column("place_code", sa.String(length=12), nullable=True),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(length=8), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("quote", sa.String(length=500), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("lead_project_id", sa.String(length=64), nullable=True),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("signings") as b:
        b.create_index("ix_signings_document_id", ["document_id"])
        b.create_index("ix_signings_place_code", ["place_code"])


def downgrade() -> None:
    with op.batch_alter_table("signings") as b:
        b.drop_index("ix_signings_place_code")
        b.drop_index("ix_signings_document_id")
    op.drop_table("signings")
    with op.batch_alter_table("facts") as b:
        for name in ("context_end", "context_start", "project", "sub_metric", "span_end",
                     "span_start"):  # fmt: skip
            b.drop_column(name)
