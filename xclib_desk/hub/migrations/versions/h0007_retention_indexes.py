"""indexes for retention and compliance scans

Revision ID: h0007
Revises: h0006

A point's ``retention.applied`` is applied inside its push, under the feed lock that orders every
hub writer: without these, each one scanned the whole ledger and loan table. The partial
indexes hold only what retention still has to do (loan events with a card number; returned loans
that still name their reader), so they shrink as it is done.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# frozen copies of the models' conditions (a migration must not change when models do)
UNREDACTED_LOAN_EVENTS = "redacted_at IS NULL AND type IN ('loan.checked_out', 'loan.checked_in')"
IDENTIFIED_RETURNED_LOANS = "card_no IS NOT NULL AND returned_at IS NOT NULL"

revision = "h0007"
down_revision = "h0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_hub_event_unredacted_loans",
        "hub_event",
        ["point_code", "wall_time"],
        postgresql_where=sa.text(UNREDACTED_LOAN_EVENTS),
        sqlite_where=sa.text(UNREDACTED_LOAN_EVENTS),
    )
    op.create_index("ix_hub_event_point_type", "hub_event", ["point_code", "type"])
    op.create_index(
        "ix_hub_loan_point_identified",
        "hub_loan",
        ["point", "returned_at"],
        postgresql_where=sa.text(IDENTIFIED_RETURNED_LOANS),
        sqlite_where=sa.text(IDENTIFIED_RETURNED_LOANS),
    )


def downgrade() -> None:
    op.drop_index("ix_hub_loan_point_identified", table_name="hub_loan")
    op.drop_index("ix_hub_event_point_type", table_name="hub_event")
    op.drop_index("ix_hub_event_unredacted_loans", table_name="hub_event")
