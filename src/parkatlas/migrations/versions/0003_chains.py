"""chains: enterprises gain business_scope and products; chain and placement tables

Revision ID: 0003_chains
Revises: 0002_workspace
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_chains"
down_revision = "0002_workspace"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.add_column(sa.Column("business_scope", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("products", sa.Text(), nullable=True))
    op.create_table(
        "chains",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name_zh", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=True),
        sa.Column("version", sa.String(length=40), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "chain_placements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("enterprise_id", sa.String(length=64), nullable=False),
        sa.Column("chain_id", sa.String(length=40), nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("node_name", sa.String(length=80), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("placer", sa.String(length=40), nullable=True),
        sa.Column("placed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enterprise_id", "chain_id", "node_id", name="uq_chain_placement"),
    )
    op.create_index("ix_chain_placements_chain_node", "chain_placements", ["chain_id", "node_id"])
    op.create_index("ix_chain_placements_enterprise", "chain_placements", ["enterprise_id"])


def downgrade() -> None:
    op.drop_index("ix_chain_placements_enterprise", table_name="chain_placements")
    op.drop_index("ix_chain_placements_chain_node", table_name="chain_placements")
    op.drop_table("chain_placements")
    op.drop_table("chains")
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_column("products")
        batch_op.drop_column("business_scope")
