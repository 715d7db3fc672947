"""retention reaches the outbox; per-field clocks on titles

Revision ID: 0006
Revises: 0005

Outbox events stay immutable with exactly one exception, enforced by the trigger itself: a
loan event the hub has acknowledged (it has an ``outbox_delivery`` row) may have its payload's
``card_no`` set to null, and nothing else — same seq, id, type, clock, time, other payload
fields. That is the retention job's redaction (``services/redaction.py``); every other UPDATE
still aborts. ``title.field_hlc`` holds the clock of the latest edit of each catalogue field
this desk knows, so a correction from the hub replaces only fields not changed here since.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STRICT = (
    "CREATE TRIGGER outbox_event_immutable_u BEFORE UPDATE ON outbox_event "
    "BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END"
)
SAME = " AND ".join(
    f"NEW.{c} IS OLD.{c}"
    for c in (
        "seq",
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
)
REDACTION_ONLY = (
    "CREATE TRIGGER outbox_event_immutable_u BEFORE UPDATE ON outbox_event "
    f"WHEN NOT ({SAME} "
    "AND OLD.type IN ('loan.checked_out', 'loan.checked_in') "
    "AND EXISTS (SELECT 1 FROM outbox_delivery d WHERE d.seq = OLD.seq) "
    "AND json_type(NEW.payload, '$.card_no') = 'null' "
    "AND json_remove(NEW.payload, '$.card_no') = json_remove(OLD.payload, '$.card_no')) "
    "BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END"
)


def upgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS outbox_event_immutable_u")
    op.execute(REDACTION_ONLY)
    # plain ADD COLUMN: a table rebuild would drop title's search-index triggers (0003)
    op.add_column("title", sa.Column("field_hlc", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE title DROP COLUMN field_hlc")
    op.execute("DROP TRIGGER IF EXISTS outbox_event_immutable_u")
    op.execute(STRICT)
