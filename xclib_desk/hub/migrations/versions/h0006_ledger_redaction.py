"""retention reaches the ledger: hub_event.redacted_at

Revision ID: h0006
Revises: h0005

Retention nulls the card number in the payload of old loan events (hub/redaction.py) and stamps
the row, so later runs skip it. No index: the daily run may scan; pushes stay as cheap as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0006"
down_revision = "h0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hub_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("redacted_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hub_event", schema=None) as batch_op:
        batch_op.drop_column("redacted_at")
