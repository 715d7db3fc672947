"""concurrent pushes: one lockable row per key bucket

Revision ID: h0015
Revises: h0014

A push of loans and readers no longer takes the feed counter's lock for its whole
transaction: it locks the buckets of the keys it names (rows here, made on first use) and
takes feed positions in a short section at commit (docs/sync-protocol.md, "Concurrent
pushes"). The table starts empty and holds at most ``feed.KEY_BUCKETS`` rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0015"
down_revision = "h0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_key_lock",
        sa.Column("k", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("k", name=op.f("pk_hub_key_lock")),
    )


def downgrade() -> None:
    op.drop_table("hub_key_lock")
