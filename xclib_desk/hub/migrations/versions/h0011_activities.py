"""reading promotion: the district calendar of activities and the volunteer hours

Revision ID: h0011
Revises: h0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0011"
down_revision = "h0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_activity",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("point", sa.String(length=32), nullable=False),
        sa.Column("series", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("room", sa.String(length=300), nullable=False),
        sa.Column("target_group", sa.String(length=32), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("partner", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("attended_cards", sa.Integer(), nullable=False),
        sa.Column("walk_ins", sa.JSON(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_hub_activity")),
    )
    op.create_index(op.f("ix_hub_activity_point"), "hub_activity", ["point"], unique=False)
    op.create_index(
        "ix_hub_activity_point_start", "hub_activity", ["point", "starts_at"], unique=False
    )
    op.create_table(
        "hub_volunteer_shift",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("point", sa.String(length=32), nullable=False),
        sa.Column("volunteer", sa.String(length=36), nullable=False),
        sa.Column("team", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_hub_volunteer_shift")),
    )
    op.create_index(
        "ix_hub_volunteer_shift_point_end",
        "hub_volunteer_shift",
        ["point", "ended_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_hub_volunteer_shift_point_end", table_name="hub_volunteer_shift")
    op.drop_table("hub_volunteer_shift")
    op.drop_index("ix_hub_activity_point_start", table_name="hub_activity")
    op.drop_index(op.f("ix_hub_activity_point"), table_name="hub_activity")
    op.drop_table("hub_activity")
