"""Alembic environment for the hub database; the engine comes from xclib_desk.hub.db."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from xclib_desk.hub.models import HubBase

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # developer use (autogenerate): `alembic -c` with sqlalchemy.url set
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///hub-dev.sqlite3")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=HubBase.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        version_table="hub_alembic_version",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
