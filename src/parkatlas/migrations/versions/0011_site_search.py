"""site_search: a trigram index for the keyword search of sites (parkatlas/search.py)

SQLite: the FTS5 table sites_search (trigram tokenizer, the sites table's own columns as its
content) and the triggers that keep it; PostgreSQL: pg_trgm and a GIN index on the searched
text. Both are built over the sites already stored.

Revision ID: 0011_site_search
Revises: 0010_site_files
"""

from alembic import op

from parkatlas import search

revision = "0011_site_search"
down_revision = "0010_site_files"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search.create(op.get_bind())


def downgrade() -> None:
    search.drop(op.get_bind())
