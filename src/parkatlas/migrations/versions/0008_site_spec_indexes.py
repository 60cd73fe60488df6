"""sites: indexes for the list filters on rent, floor load, clear height and power

Each is partial (only rows that state the figure: a bound never passes a site that does not)
and carries the id, so a filtered count and the ids of a page are read from the index alone.

Revision ID: 0008_site_spec_indexes
Revises: 0007_import_fields
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_site_spec_indexes"
down_revision = "0007_import_fields"
branch_labels = None
depends_on = None

COLUMNS = ("rent_cny_m2_day", "floor_load_kn_m2", "clear_height_m", "power_kva")


def upgrade() -> None:
    for col in COLUMNS:
        where = sa.text(f"{col} IS NOT NULL")
        op.create_index(f"ix_sites_{col}_id", "sites", [col, "id"], sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for col in COLUMNS:
        op.drop_index(f"ix_sites_{col}_id", table_name="sites")
