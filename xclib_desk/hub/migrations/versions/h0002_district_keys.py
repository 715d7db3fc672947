"""district signing keys

Revision ID: h0002
Revises: h0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0002"
down_revision = "h0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_district_key",
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("public_key", sa.String(length=100), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_hub_district_key")),
    )


def downgrade() -> None:
    op.drop_table("hub_district_key")
