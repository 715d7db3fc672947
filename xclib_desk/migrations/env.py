"""Alembic environment for the branch store; the engine comes from xclib_desk.store."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from xclib_desk.models import Base, load_all

load_all()  # the package imports a table's module on first use; autogenerate needs them all
config = context.config
engine = config.attributes.get("engine")
if engine is None:  # `alembic` command line: developer use (autogenerate)
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///dev.sqlite3")

# tables created by hand-written SQL (FTS5 index and its queue) are not in the ORM metadata;
# autogenerate must not propose dropping them
HAND_MADE = ("holding_fts", "search_pending")


def include_object(obj: object, name: str | None, type_: str, reflected: bool, _: object) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(HAND_MADE))


with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
