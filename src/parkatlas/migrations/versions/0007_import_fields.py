"""import fields: what listing sheets hold (name, contact, phone, notes, ranges) and kept attributes

Sites gain name, town, area_min_m2, rent_max_cny_m2_day, negotiable, contact, phone,
description; parks and enterprises gain contact, phone, notes; every importable entity gains
`attrs` (JSON: the columns the atlas has no field for, header as written → value). All new
columns are nullable, so an existing atlas is carried forward unchanged (SQLite: batch mode).

Revision ID: 0007_import_fields
Revises: 0006_site_list_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_import_fields"
down_revision = "0006_site_list_index"
branch_labels = None
depends_on = None

_CONTACT = [
    ("contact", sa.String(length=120)),
    ("phone", sa.String(length=80)),
]
NEW_COLUMNS: dict[str, list[tuple[str, sa.types.TypeEngine]]] = {  # type: ignore[type-arg]
    "sites": [
        ("name", sa.String(length=200)),
        ("town", sa.String(length=80)),
        ("area_min_m2", sa.Float()),
        ("rent_max_cny_m2_day", sa.Float()),
        ("negotiable", sa.Boolean()),
        *_CONTACT,
        ("description", sa.Text()),
        ("attrs", sa.JSON()),
    ],
    "parks": [*_CONTACT, ("notes", sa.Text()), ("attrs", sa.JSON())],
    "enterprises": [*_CONTACT, ("notes", sa.Text()), ("attrs", sa.JSON())],
    "projects": [("attrs", sa.JSON())],
}


def upgrade() -> None:
    for table, columns in NEW_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, type_ in columns:
                batch_op.add_column(sa.Column(name, type_, nullable=True))
            if table == "sites":
                batch_op.create_index(batch_op.f("ix_sites_name"), ["name"], unique=False)


def downgrade() -> None:
    for table, columns in NEW_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "sites":
                batch_op.drop_index(batch_op.f("ix_sites_name"))
            for name, _ in reversed(columns):
                batch_op.drop_column(name)
