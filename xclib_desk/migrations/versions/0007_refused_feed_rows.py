"""feed rows the desk refused; outbox events renumbered above the hub's highest

Revision ID: 0007
Revises: 0006

``refused_feed_row`` keeps each feed row the desk could not take (it failed the protocol's
types, or applying it raised), so the page around it applies, staff see it on the sync page,
and an upgraded program tries it again.

The outbox trigger gains its second exception: an event the hub has not answered yet (no
``outbox_delivery`` row) may move to a higher sequence number, everything else unchanged. That
is the renumbering after a restore put the device's sequence below numbers the hub already
holds (``sync/sequence.py``); the event keeps its id, so the hub still recognises it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_COLUMNS = (
    "event_id",
    "device_id",
    "type",
    "hlc",
    "wall_time",
    "staff_code",
    "point_code",
    "standards_version",
    "marks",
)
SAME = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in ("seq", *_COLUMNS))
SAME_BUT_SEQ = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in (*_COLUMNS, "payload"))
REDACTION = (
    f"({SAME} "
    "AND OLD.type IN ('loan.checked_out', 'loan.checked_in') "
    "AND EXISTS (SELECT 1 FROM outbox_delivery d WHERE d.seq = OLD.seq) "
    "AND json_type(NEW.payload, '$.card_no') = 'null' "
    "AND json_remove(NEW.payload, '$.card_no') = json_remove(OLD.payload, '$.card_no'))"
)
RENUMBER = (
    f"(NEW.seq > OLD.seq AND {SAME_BUT_SEQ} "
    "AND NOT EXISTS (SELECT 1 FROM outbox_delivery d WHERE d.seq = OLD.seq))"
)
TRIGGER = (
    "CREATE TRIGGER outbox_event_immutable_u BEFORE UPDATE ON outbox_event "
    "WHEN NOT ({cond}) "
    "BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END"
)


def upgrade() -> None:
    op.create_table(
        "refused_feed_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("pos", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=300), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("build", sa.String(length=48), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refused_feed_row")),
        sa.UniqueConstraint("kind", "key", name="uq_refused_feed_row_kind_key"),
    )
    op.execute("DROP TRIGGER IF EXISTS outbox_event_immutable_u")
    op.execute(TRIGGER.format(cond=f"{REDACTION} OR {RENUMBER}"))


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS outbox_event_immutable_u")
    op.execute(TRIGGER.format(cond=REDACTION))
    op.drop_table("refused_feed_row")
