"""point population and hours, duty shifts, services checks, visits (staffing and service standards)

Revision ID: h0003
Revises: h0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0003"
down_revision = "h0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hub_point", schema=None) as batch_op:
        batch_op.add_column(sa.Column("population", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("hours", sa.JSON(), nullable=True))
    op.create_table(
        "hub_duty_shift",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("point_code", sa.String(length=32), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_hub_duty_shift")),
    )
    op.create_index("ix_hub_duty_shift_point_start", "hub_duty_shift", ["point_code", "started_at"])
    op.create_table(
        "hub_service_check",
        sa.Column("point_code", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("provided", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint(
            "point_code", "period", "service", name=op.f("pk_hub_service_check")
        ),
    )
    op.create_table(
        "hub_visit",
        sa.Column("point_code", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("point_code", "day", name=op.f("pk_hub_visit")),
    )


def downgrade() -> None:
    op.drop_table("hub_visit")
    op.drop_table("hub_service_check")
    op.drop_index("ix_hub_duty_shift_point_start", table_name="hub_duty_shift")
    op.drop_table("hub_duty_shift")
    with op.batch_alter_table("hub_point", schema=None) as batch_op:
        batch_op.drop_column("hours")
        batch_op.drop_column("population")
