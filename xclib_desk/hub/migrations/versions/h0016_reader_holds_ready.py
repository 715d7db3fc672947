"""the reader index names where a copy waits on a hold shelf (protocol 3)

Revision ID: h0016
Revises: h0015

``hub_reader.holds_ready``: the pickup points where a copy waits for the reader, as the reader
index rows last told every point (docs/holds.md, "Who tells the reader"). It starts empty: a
hold already on a shelf reaches the index at its next change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0016"
down_revision = "h0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hub_reader") as b:
        b.add_column(sa.Column("holds_ready", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("hub_reader") as b:
        b.drop_column("holds_ready")
