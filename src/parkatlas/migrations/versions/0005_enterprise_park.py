"""enterprises gain park (所属园区), for chain coverage per park

Revision ID: 0005_enterprise_park
Revises: 0004_intel_signings
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_enterprise_park"
down_revision = "0004_intel_signings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.add_column(sa.Column("park", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_enterprises_park", ["park"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_index("ix_enterprises_park")
        batch_op.drop_column("park")
