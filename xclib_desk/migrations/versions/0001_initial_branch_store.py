"""initial branch store

Revision ID: 0001
Revises:
Create Date: 2026-11-25 10:46:05.537787
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_event",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=48), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("wall_time", sa.DateTime(), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("point_code", sa.String(length=32), nullable=False),
        sa.Column("standards_version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox_event")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_event_id")),
    )
    op.create_table(
        "point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=32), nullable=True),
        sa.Column("served_population", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_point")),
        sa.UniqueConstraint("code", name=op.f("uq_point_code")),
    )
    op.create_table(
        "standards_version",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("effective_from", sa.DateTime(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_standards_version")),
    )
    op.create_table(
        "sync_exception",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(length=32), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_exception")),
        sa.UniqueConstraint("uid", name=op.f("uq_sync_exception_uid")),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "title",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("isbn", sa.String(length=13), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("author", sa.String(length=300), nullable=False),
        sa.Column("publisher", sa.String(length=300), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("clc", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_title")),
        sa.UniqueConstraint("uid", name=op.f("uq_title_uid")),
    )
    with op.batch_alter_table("title", schema=None) as batch_op:
        batch_op.create_index("ix_title_clc", ["clc"], unique=False)
        batch_op.create_index(batch_op.f("ix_title_isbn"), ["isbn"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_seq"], ["outbox_event.seq"], name=op.f("fk_audit_log_event_seq_outbox_event")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("event_seq", name=op.f("uq_audit_log_event_seq")),
    )
    op.create_table(
        "item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("barcode", sa.String(length=32), nullable=False),
        sa.Column("title_id", sa.Integer(), nullable=False),
        sa.Column("call_number", sa.String(length=100), nullable=False),
        sa.Column("material_type", sa.String(length=32), nullable=False),
        sa.Column("owner_point_id", sa.Integer(), nullable=False),
        sa.Column("location_point_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_point_id"], ["point.id"], name=op.f("fk_item_location_point_id_point")
        ),
        sa.ForeignKeyConstraint(
            ["owner_point_id"], ["point.id"], name=op.f("fk_item_owner_point_id_point")
        ),
        sa.ForeignKeyConstraint(["title_id"], ["title.id"], name=op.f("fk_item_title_id_title")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item")),
        sa.UniqueConstraint("barcode", name=op.f("uq_item_barcode")),
    )
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_title_id"), ["title_id"], unique=False)

    op.create_table(
        "outbox_delivery",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("result_code", sa.String(length=64), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seq"], ["outbox_event.seq"], name=op.f("fk_outbox_delivery_seq_outbox_event")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox_delivery")),
    )
    op.create_table(
        "reader",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_no", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_pinyin", sa.String(length=300), nullable=False),
        sa.Column("reader_type", sa.String(length=32), nullable=False),
        sa.Column("id_hash", sa.String(length=64), nullable=True),
        sa.Column("id_masked", sa.String(length=32), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("guardian_name", sa.String(length=100), nullable=True),
        sa.Column("guardian_phone", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("block_reason", sa.String(length=300), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("home_point_id", sa.Integer(), nullable=True),
        sa.Column("index_only", sa.Boolean(), nullable=False),
        sa.Column("hub_open_loans", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_point_id"], ["point.id"], name=op.f("fk_reader_home_point_id_point")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reader")),
        sa.UniqueConstraint("card_no", name=op.f("uq_reader_card_no")),
        sa.UniqueConstraint("id_hash", name=op.f("uq_reader_id_hash")),
    )
    with op.batch_alter_table("reader", schema=None) as batch_op:
        batch_op.create_index("ix_reader_name", ["name"], unique=False)

    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["point_id"], ["point.id"], name=op.f("fk_staff_point_id_point")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("code", name=op.f("uq_staff_code")),
    )
    op.create_table(
        "store_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"], ["point.id"], name=op.f("fk_store_meta_point_id_point")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_meta")),
    )
    op.create_table(
        "visit_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"], ["point.id"], name=op.f("fk_visit_count_point_id_point")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_count")),
    )
    with op.batch_alter_table("visit_count", schema=None) as batch_op:
        batch_op.create_index("uq_visit_point_day", ["point_id", "day"], unique=True)

    op.create_table(
        "loan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("reader_id", sa.Integer(), nullable=True),
        sa.Column("reader_type", sa.String(length=32), nullable=False),
        sa.Column("material_type", sa.String(length=32), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("checked_out_at", sa.DateTime(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("renewals", sa.Integer(), nullable=False),
        sa.Column("standards_version", sa.Integer(), nullable=False),
        sa.Column("override_codes", sa.String(length=200), nullable=True),
        sa.Column("override_reason", sa.String(length=500), nullable=True),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("returned_point_id", sa.Integer(), nullable=True),
        sa.Column("fee_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_loan_item_id_item")),
        sa.ForeignKeyConstraint(["point_id"], ["point.id"], name=op.f("fk_loan_point_id_point")),
        sa.ForeignKeyConstraint(
            ["reader_id"], ["reader.id"], name=op.f("fk_loan_reader_id_reader")
        ),
        sa.ForeignKeyConstraint(
            ["returned_point_id"], ["point.id"], name=op.f("fk_loan_returned_point_id_point")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan")),
        sa.UniqueConstraint("uid", name=op.f("uq_loan_uid")),
    )
    with op.batch_alter_table("loan", schema=None) as batch_op:
        batch_op.create_index("ix_loan_item", ["item_id"], unique=False)
        batch_op.create_index(
            "ix_loan_open_reader",
            ["reader_id", "due_date"],
            unique=False,
            sqlite_where=sa.text("returned_at IS NULL"),
            postgresql_where=sa.text("returned_at IS NULL"),
        )
        batch_op.create_index(
            "uq_loan_open_item",
            ["item_id"],
            unique=True,
            sqlite_where=sa.text("returned_at IS NULL"),
            postgresql_where=sa.text("returned_at IS NULL"),
        )

    op.create_table(
        "transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("from_point_id", sa.Integer(), nullable=False),
        sa.Column("to_point_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["from_point_id"], ["point.id"], name=op.f("fk_transfer_from_point_id_point")
        ),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_transfer_item_id_item")),
        sa.ForeignKeyConstraint(
            ["to_point_id"], ["point.id"], name=op.f("fk_transfer_to_point_id_point")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer")),
        sa.UniqueConstraint("uid", name=op.f("uq_transfer_uid")),
    )
    with op.batch_alter_table("transfer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transfer_item_id"), ["item_id"], unique=False)

    # Outbox events are facts: once written they never change and are never deleted.
    op.execute(
        "CREATE TRIGGER outbox_event_immutable_u BEFORE UPDATE ON outbox_event "
        "BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END"
    )
    op.execute(
        "CREATE TRIGGER outbox_event_immutable_d BEFORE DELETE ON outbox_event "
        "BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS outbox_event_immutable_u")
    op.execute("DROP TRIGGER IF EXISTS outbox_event_immutable_d")
    with op.batch_alter_table("transfer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transfer_item_id"))

    op.drop_table("transfer")
    with op.batch_alter_table("loan", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_loan_open_item",
            sqlite_where=sa.text("returned_at IS NULL"),
            postgresql_where=sa.text("returned_at IS NULL"),
        )
        batch_op.drop_index(
            "ix_loan_open_reader",
            sqlite_where=sa.text("returned_at IS NULL"),
            postgresql_where=sa.text("returned_at IS NULL"),
        )
        batch_op.drop_index("ix_loan_item")

    op.drop_table("loan")
    with op.batch_alter_table("visit_count", schema=None) as batch_op:
        batch_op.drop_index("uq_visit_point_day")

    op.drop_table("visit_count")
    op.drop_table("store_meta")
    op.drop_table("staff")
    with op.batch_alter_table("reader", schema=None) as batch_op:
        batch_op.drop_index("ix_reader_name")

    op.drop_table("reader")
    op.drop_table("outbox_delivery")
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_title_id"))

    op.drop_table("item")
    op.drop_table("audit_log")
    with op.batch_alter_table("title", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_title_isbn"))
        batch_op.drop_index("ix_title_clc")

    op.drop_table("title")
    op.drop_table("sync_state")
    op.drop_table("sync_exception")
    op.drop_table("standards_version")
    op.drop_table("point")
    op.drop_table("outbox_event")
