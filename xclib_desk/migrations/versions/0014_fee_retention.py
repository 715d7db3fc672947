"""A settled fee loses its reader link after the loan-history retention period, and its
settlement event (fee.paid / fee.waived) its card number: the outbox trigger of 0006 admits that
one redaction for these two types too (same columns, delivered, only ``card_no`` -> null);
0007's renumbering of unanswered events stays admitted.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
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
#: 0007's second exception, kept: an unanswered event may move to a higher sequence number
RENUMBER = (
    f"(NEW.seq > OLD.seq AND {SAME_BUT_SEQ} "
    "AND NOT EXISTS (SELECT 1 FROM outbox_delivery d WHERE d.seq = OLD.seq))"
)


def redaction_only(types: tuple[str, ...]) -> str:
    """The outbox trigger of 0007 with the redaction admitted for ``types``."""
    listed = ", ".join(f"'{t}'" for t in types)
    redaction = (
        f"({SAME} "
        f"AND OLD.type IN ({listed}) "
        "AND EXISTS (SELECT 1 FROM outbox_delivery d WHERE d.seq = OLD.seq) "
        "AND json_type(NEW.payload, '$.card_no') = 'null' "
        "AND json_remove(NEW.payload, '$.card_no') = json_remove(OLD.payload, '$.card_no'))"
    )
    return (
        "CREATE TRIGGER outbox_event_immutable_u BEFORE UPDATE ON outbox_event "
        f"WHEN NOT ({redaction} OR {RENUMBER}) "
        "BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END"
    )


LOANS = ("loan.checked_out", "loan.checked_in")
FEES = ("fee.paid", "fee.waived")


def upgrade() -> None:
    # fee has no triggers of its own, so SQLite's table rebuild loses nothing
    with op.batch_alter_table("fee") as batch:
        batch.alter_column("reader_id", existing_type=sa.Integer(), nullable=True)
    op.execute("DROP TRIGGER IF EXISTS outbox_event_immutable_u")
    op.execute(redaction_only(LOANS + FEES))


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS outbox_event_immutable_u")
    op.execute(redaction_only(LOANS))
    op.execute("DELETE FROM fee WHERE reader_id IS NULL")
    with op.batch_alter_table("fee") as batch:
        batch.alter_column("reader_id", existing_type=sa.Integer(), nullable=False)
