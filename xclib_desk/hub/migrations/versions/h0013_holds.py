"""holds and requests across the network (预约): the hub's queue per title

Revision ID: h0013
Revises: h0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0013"
down_revision = "h0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_hold",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("card_no", sa.String(length=32), nullable=False),
        sa.Column("reader_type", sa.String(length=32), nullable=False),
        sa.Column("title_uid", sa.String(length=36), nullable=False),
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
        sa.Column("targeted_at", sa.DateTime(), nullable=True),
        sa.Column("captured_item", sa.String(length=32), nullable=True),
        sa.Column("captured_point", sa.String(length=32), nullable=True),
        sa.Column("captured_at", sa.DateTime(), nullable=True),
        sa.Column("shelf_expires_on", sa.Date(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("tried", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_hub_hold")),
    )
    op.create_index(op.f("ix_hub_hold_card_no"), "hub_hold", ["card_no"], unique=False)
    op.create_index(op.f("ix_hub_hold_target_item"), "hub_hold", ["target_item"], unique=False)
    op.create_index(op.f("ix_hub_hold_captured_item"), "hub_hold", ["captured_item"], unique=False)
    op.create_index("ix_hub_hold_status_title", "hub_hold", ["status", "title_uid"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_hub_hold_status_title", table_name="hub_hold")
    op.drop_index(op.f("ix_hub_hold_captured_item"), table_name="hub_hold")
    op.drop_index(op.f("ix_hub_hold_target_item"), table_name="hub_hold")
    op.drop_index(op.f("ix_hub_hold_card_no"), table_name="hub_hold")
    op.drop_table("hub_hold")
