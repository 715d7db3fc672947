"""duty shifts, services checklist, retention

Revision ID: 0004
Revises: 0003

Adds duty shifts and the monthly services checklist, the point's own weekly hours (from the
hub), the ``marks`` of an outbox event (e.g. made outside opening hours), and the index the
retention job uses to find returned loans still linked to a reader. Adding a column does not
update existing outbox rows, so the immutability triggers stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duty_shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("ended_by", sa.String(length=32), nullable=True),
        sa.Column("end_reason", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_shift")),
        sa.UniqueConstraint("uid", name=op.f("uq_duty_shift_uid")),
    )
    op.create_index("ix_duty_shift_started_at", "duty_shift", ["started_at"])
    op.create_index(
        "uq_duty_shift_open_staff",
        "duty_shift",
        ["staff_code"],
        unique=True,
        sqlite_where=sa.text("ended_at IS NULL"),
    )
    op.create_table(
        "service_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("provided", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_check")),
    )
    op.create_index(
        "uq_service_check_period_service", "service_check", ["period", "service"], unique=True
    )
    with op.batch_alter_table("point", schema=None) as batch_op:
        batch_op.add_column(sa.Column("schedule", sa.JSON(), nullable=True))
    # plain ADD COLUMN (no table rebuild): the outbox triggers forbid rewriting its rows
    op.add_column(
        "outbox_event", sa.Column("marks", sa.JSON(), nullable=False, server_default="[]")
    )
    op.create_index(
        "ix_loan_retention",
        "loan",
        ["returned_at"],
        sqlite_where=sa.text("reader_id IS NOT NULL AND returned_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_loan_retention", table_name="loan")
    op.drop_column("outbox_event", "marks")
    with op.batch_alter_table("point", schema=None) as batch_op:
        batch_op.drop_column("schedule")
    op.drop_index("uq_service_check_period_service", table_name="service_check")
    op.drop_table("service_check")
    op.drop_index("uq_duty_shift_open_staff", table_name="duty_shift")
    op.drop_index("ix_duty_shift_started_at", table_name="duty_shift")
    op.drop_table("duty_shift")
