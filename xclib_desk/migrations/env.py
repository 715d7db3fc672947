"""Alembic environment for the branch store; the engine comes from xclib_desk.store."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from xclib_desk.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # `alembic` command line: developer use (autogenerate)
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///dev.sqlite3")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
