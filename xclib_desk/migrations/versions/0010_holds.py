"""holds and requests across the network (预约)

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("card_no", sa.String(length=32), nullable=False),
        sa.Column("reader_type", sa.String(length=32), nullable=False),
        sa.Column("title_uid", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("isbn", sa.String(length=13), nullable=True),
        sa.Column("item", sa.String(length=32), nullable=True),
        sa.Column("placed_point", sa.String(length=32), nullable=False),
        sa.Column("pickup_point", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=48), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("placed_at", sa.DateTime(), nullable=False),
        sa.Column("lapse_on", sa.Date(), nullable=False),
        sa.Column("suspended_until", sa.Date(), nullable=True),
        sa.Column("target_item", sa.String(length=32), nullable=True),
        sa.Column("target_point", sa.String(length=32), nullable=True),
        sa.Column("captured_item", sa.String(length=32), nullable=True),
        sa.Column("captured_point", sa.String(length=32), nullable=True),
        sa.Column("shelf_expires_on", sa.Date(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hold")),
        sa.UniqueConstraint("uid", name=op.f("uq_hold_uid")),
    )
    op.create_index("ix_hold_card_status", "hold", ["card_no", "status"], unique=False)
    op.create_index("ix_hold_title_status", "hold", ["title_uid", "status"], unique=False)
    op.create_index("ix_hold_captured_item", "hold", ["captured_item"], unique=False)
    op.create_index("ix_hold_target_point", "hold", ["target_point", "status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_hold_target_point", table_name="hold")
    op.drop_index("ix_hold_captured_item", table_name="hold")
    op.drop_index("ix_hold_title_status", table_name="hold")
    op.drop_index("ix_hold_card_status", table_name="hold")
    op.drop_table("hold")
