"""union catalogue search text, item acquisition time

Revision ID: h0005
Revises: h0004

On PostgreSQL the search text also gets a pg_trgm GIN index (``LIKE '%...%'`` then reads the
index instead of every row) when the extension exists or may be created (in schema public: it
is per database); without it the search still works, by a scan. Existing titles get their
search text at the next start (``catalogue.backfill``), not here: the tokeniser is app code.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from xclib_desk.hub.catalogue import backfill

revision = "h0005"
down_revision = "h0004"
branch_labels = None
depends_on = None

TRGM_INDEX = "ix_hub_title_search_trgm"


def upgrade() -> None:
    with op.batch_alter_table("hub_title", schema=None) as batch_op:
        batch_op.add_column(sa.Column("isbn", sa.String(length=13), nullable=True))
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("field_hlc", sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f("ix_hub_title_isbn"), ["isbn"], unique=False)
    with op.batch_alter_table("hub_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("added_at", sa.DateTime(), nullable=True))
    op.create_table(
        "hub_inventory",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("point_code", sa.String(length=32), nullable=False),
        sa.Column("call_from", sa.String(length=100), nullable=True),
        sa.Column("call_to", sa.String(length=100), nullable=True),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("misplaced", sa.Integer(), nullable=False),
        sa.Column("unexpected", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_hub_inventory")),
    )
    with op.batch_alter_table("hub_inventory", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hub_inventory_point_code"), ["point_code"], unique=False
        )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # a savepoint: without the right to create the extension, the migration goes on
        # in public, not in the hub's own schema: an extension lives once per database
        sp = bind.begin_nested()
        try:
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        except sa.exc.DBAPIError:
            sp.rollback()
        else:
            sp.commit()
        where = bind.exec_driver_sql(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
            "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
        ).scalar()
        if where:
            bind.exec_driver_sql(
                f"CREATE INDEX {TRGM_INDEX} ON hub_title "
                f'USING gin (search_text "{where}".gin_trgm_ops)'
            )
    # titles stored before this revision get their search text once, here (every later write
    # keeps it current), not on every hub start: the text needs Python (pinyin), so the app's
    # own function runs here, as the desk's 0003 does for its index
    backfill(Session(bind=bind))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
    with op.batch_alter_table("hub_inventory", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hub_inventory_point_code"))
    op.drop_table("hub_inventory")
    with op.batch_alter_table("hub_item", schema=None) as batch_op:
        batch_op.drop_column("added_at")
    with op.batch_alter_table("hub_title", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hub_title_isbn"))
        batch_op.drop_column("field_hlc")
        batch_op.drop_column("search_text")
        batch_op.drop_column("isbn")
