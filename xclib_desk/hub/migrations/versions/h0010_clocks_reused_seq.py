"""reused sequence numbers recorded; clamped clocks keep the sent one; a late loan's covered state

Revision ID: h0010
Revises: h0009

An event sent under a number its device already used (a desk restored from an old backup) is
recorded apart from the ledger, so its own id stays free for the renumbered send. An event whose
clock was too far ahead keeps the clock it carried in ``hub_event.sent_hlc``; ``hlc`` holds the
hub's clamp. A copy lent by a check-out older than what had last moved it keeps that state in
``hub_item.covered_state`` until the loan's return weighs it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0010"
down_revision = "h0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_reused_seq",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("point_code", sa.String(length=32), nullable=False),
        sa.Column("type", sa.String(length=48), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("wall_time", sa.DateTime(), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("holder_event_id", sa.String(length=36), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "seq", name=op.f("pk_hub_reused_seq")),
    )
    op.create_index(
        op.f("ix_hub_reused_seq_device_id"), "hub_reused_seq", ["device_id"], unique=False
    )
    with op.batch_alter_table("hub_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_hlc", sa.String(length=64), nullable=True))
    with op.batch_alter_table("hub_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("covered_state", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hub_item", schema=None) as batch_op:
        batch_op.drop_column("covered_state")
    with op.batch_alter_table("hub_event", schema=None) as batch_op:
        batch_op.drop_column("sent_hlc")
    op.drop_index(op.f("ix_hub_reused_seq_device_id"), table_name="hub_reused_seq")
    op.drop_table("hub_reused_seq")
