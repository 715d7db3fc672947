"""holdings search index (FTS5) and inventory sessions

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-25 11:10:00

The search index is derived data: ``holding_fts`` (FTS5, one row per title, rowid = title.id)
holds CJK text as unigrams, pinyin (full and initials) as syllable-boundary suffixes, and codes
(ISBN, barcodes, call numbers, CLC). Pinyin needs Python, so SQL triggers cannot fill the index
themselves; instead plain-SQL triggers put every changed title id in ``search_pending`` (whoever
wrote the row: services, sync, bulk loads, raw SQL), and ``services.search.refresh_index`` turns
the queue into index rows inside the writer's transaction. Existing rows are indexed here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from xclib_desk.services.search_index import drain

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

TRIGGERS = {
    "search_title_ins": "AFTER INSERT ON title BEGIN "
    "INSERT OR IGNORE INTO search_pending(title_id) VALUES (new.id); END",
    "search_title_upd": "AFTER UPDATE OF title, author, publisher, isbn, clc ON title BEGIN "
    "INSERT OR IGNORE INTO search_pending(title_id) VALUES (new.id); END",
    "search_title_del": "AFTER DELETE ON title BEGIN "
    "INSERT OR IGNORE INTO search_pending(title_id) VALUES (old.id); END",
    "search_item_ins": "AFTER INSERT ON item BEGIN "
    "INSERT OR IGNORE INTO search_pending(title_id) VALUES (new.title_id); END",
    "search_item_upd": "AFTER UPDATE OF barcode, call_number, title_id ON item BEGIN "
    "INSERT OR IGNORE INTO search_pending(title_id) VALUES (new.title_id); "
    "INSERT OR IGNORE INTO search_pending(title_id) VALUES (old.title_id); END",
    "search_item_del": "AFTER DELETE ON item BEGIN "
    "INSERT OR IGNORE INTO search_pending(title_id) VALUES (old.title_id); END",
}


def upgrade() -> None:
    op.create_table(
        "inventory_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("call_from", sa.String(length=100), nullable=True),
        sa.Column("call_to", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["point_id"], ["point.id"], name=op.f("fk_inventory_session_point_id_point")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_session")),
        sa.UniqueConstraint("uid", name=op.f("uq_inventory_session_uid")),
    )
    op.create_table(
        "inventory_scan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("barcode", sa.String(length=64), nullable=False),
        sa.Column("scanned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["inventory_session.id"],
            name=op.f("fk_inventory_scan_session_id_inventory_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_scan")),
    )
    op.create_index("uq_inventory_scan", "inventory_scan", ["session_id", "barcode"], unique=True)
    op.create_table(
        "inventory_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("barcode", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["inventory_session.id"],
            name=op.f("fk_inventory_action_session_id_inventory_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_action")),
    )
    op.create_index(
        op.f("ix_inventory_action_session_id"), "inventory_action", ["session_id"], unique=False
    )

    op.execute("CREATE TABLE search_pending (title_id INTEGER PRIMARY KEY)")
    op.execute(
        "CREATE VIRTUAL TABLE holding_fts USING fts5("
        "title, names, py_title, py_names, codes, clc, "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    # stores upgrade in place: index what is already there
    op.execute("INSERT OR IGNORE INTO search_pending(title_id) SELECT id FROM title")
    drain(op.get_bind())


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS holding_fts")
    op.execute("DROP TABLE IF EXISTS search_pending")
    op.drop_index(op.f("ix_inventory_action_session_id"), table_name="inventory_action")
    op.drop_table("inventory_action")
    op.drop_index("uq_inventory_scan", table_name="inventory_scan")
    op.drop_table("inventory_scan")
    op.drop_table("inventory_session")
