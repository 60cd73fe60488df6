"""Alembic environment: runs the migrations against the URL set by parkatlas.db.migrate."""

from alembic import context

from parkatlas.db import make_engine
from parkatlas.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # batch mode rebuilds a table (copy, drop, rename): with foreign keys on, dropping
            # `projects` would cascade into leads. The pragma only takes effect outside a
            # transaction; the keys are checked once the migrations are done.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            bad = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if bad:
                raise RuntimeError(f"foreign keys broken after the migration: {bad[:10]}")
    engine.dispose()


run_migrations_online()
