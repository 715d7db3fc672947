"""enrolment limits, device list and re-bind, retention of exceptions and rejected payloads

Revision ID: h0008
Revises: h0007

- ``hub_enrol_failure``: refused enrolment attempts, counted by the rate limit and lock-out.
- ``hub_device.last_seen_at`` (device list) and ``rebind_allowed_at`` (an admin's explicit
  re-bind: an existing device id never enrols again without it).
- ``hub_exception.redacted_at``, and a partial index on the ledger's rejected events not yet
  redacted: retention scrubs both once older than the retention window.
- The reader rows already in the change feed lose ``id_hash``: points no longer receive it
  (protocol/feed.py ``ReaderRow``), and the feed sends stored rows as they are.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

# frozen copy of the model's condition (a migration must not change when models do)
UNREDACTED_REJECTED = "redacted_at IS NULL AND status = 'rejected'"

revision = "h0008"
down_revision = "h0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_enrol_failure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("point_code", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_hub_enrol_failure_at", "hub_enrol_failure", ["at"])
    op.create_index("ix_hub_enrol_failure_client_at", "hub_enrol_failure", ["client", "at"])
    op.create_index("ix_hub_enrol_failure_point_at", "hub_enrol_failure", ["point_code", "at"])
    with op.batch_alter_table("hub_device", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("rebind_allowed_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("hub_exception", schema=None) as batch_op:
        batch_op.add_column(sa.Column("redacted_at", sa.DateTime(), nullable=True))
    op.create_index(
        "ix_hub_event_unredacted_rejected",
        "hub_event",
        ["point_code", "received_at"],
        postgresql_where=sa.text(UNREDACTED_REJECTED),
        sqlite_where=sa.text(UNREDACTED_REJECTED),
    )
    _feed_readers_without_id_hash()


def _feed_readers_without_id_hash() -> None:
    conn = op.get_bind()
    change = sa.table(
        "hub_change",
        sa.column("pos", sa.BigInteger()),
        sa.column("kind", sa.String()),
        sa.column("data", sa.JSON()),
    )
    rows = conn.execute(sa.select(change.c.pos, change.c.data).where(change.c.kind == "reader"))
    for pos, data in rows.all():
        profile: Any = data.get("profile") if isinstance(data, dict) else None
        if isinstance(profile, dict) and "id_hash" in profile:
            kept = {k: v for k, v in profile.items() if k != "id_hash"}
            conn.execute(
                sa.update(change).where(change.c.pos == pos).values(data={**data, "profile": kept})
            )


def downgrade() -> None:
    op.drop_index("ix_hub_event_unredacted_rejected", table_name="hub_event")
    with op.batch_alter_table("hub_exception", schema=None) as batch_op:
        batch_op.drop_column("redacted_at")
    with op.batch_alter_table("hub_device", schema=None) as batch_op:
        batch_op.drop_column("rebind_allowed_at")
        batch_op.drop_column("last_seen_at")
    op.drop_table("hub_enrol_failure")
