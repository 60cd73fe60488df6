"""sites: an index for the workspace's filtered site lists (kind, status, region, area)

Revision ID: 0006_site_list_index
Revises: 0005_enterprise_park
"""

from alembic import op

revision = "0006_site_list_index"
down_revision = "0005_enterprise_park"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sites") as b:
        b.create_index("ix_sites_kind_status_region_area", ["kind", "status", "region", "area_m2", "id"])


def downgrade() -> None:
    with op.batch_alter_table("sites") as b:
        b.drop_index("ix_sites_kind_status_region_area")
