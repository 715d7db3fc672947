"""the reader index names where a copy waits on a hold shelf (protocol 3)

Revision ID: 0015
Revises: 0014

``reader.holds_ready``: the pickup points the district's reader index says a copy waits at
for this reader, so a point that does not know the hold tells the reader at card scan.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reader") as b:
        b.add_column(sa.Column("holds_ready", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("reader") as b:
        b.drop_column("holds_ready")
