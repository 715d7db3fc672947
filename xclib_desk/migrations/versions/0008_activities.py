"""reading promotion: activities, registrations, door scans, volunteers and their shifts

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("point_code", sa.String(length=32), nullable=False),
        sa.Column("series", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("room", sa.String(length=100), nullable=False),
        sa.Column("target_group", sa.String(length=32), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("partner", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attended_cards", sa.Integer(), nullable=False),
        sa.Column("walk_ins", sa.JSON(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("report", sa.String(length=2000), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("cancel_reason", sa.String(length=300), nullable=False),
        sa.Column("redacted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint("uid", name=op.f("uq_activity_uid")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_point_code"), ["point_code"], unique=False)
        batch_op.create_index("ix_activity_starts", ["starts_at"], unique=False)

    op.create_table(
        "volunteer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("card_no", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("team", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer")),
        sa.UniqueConstraint("card_no", name=op.f("uq_volunteer_card_no")),
        sa.UniqueConstraint("uid", name=op.f("uq_volunteer_uid")),
    )
    op.create_table(
        "activity_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("card_no", sa.String(length=32), nullable=True),
        sa.Column("scanned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_attendance_activity_id_activity"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_attendance")),
    )
    with op.batch_alter_table("activity_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_attendance_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            "uq_activity_attendance_card", ["activity_id", "card_no"], unique=True
        )

    op.create_table(
        "activity_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("card_no", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_registration_activity_id_activity"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_registration")),
    )
    with op.batch_alter_table("activity_registration", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_registration_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            "uq_activity_registration_card", ["activity_id", "card_no"], unique=True
        )

    op.create_table(
        "volunteer_shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_volunteer_shift_volunteer_id_volunteer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_shift")),
        sa.UniqueConstraint("uid", name=op.f("uq_volunteer_shift_uid")),
    )
    with op.batch_alter_table("volunteer_shift", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_volunteer_shift_volunteer_id"), ["volunteer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("volunteer_shift", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_shift_volunteer_id"))

    op.drop_table("volunteer_shift")
    with op.batch_alter_table("activity_registration", schema=None) as batch_op:
        batch_op.drop_index("uq_activity_registration_card")
        batch_op.drop_index(batch_op.f("ix_activity_registration_activity_id"))

    op.drop_table("activity_registration")
    with op.batch_alter_table("activity_attendance", schema=None) as batch_op:
        batch_op.drop_index("uq_activity_attendance_card")
        batch_op.drop_index(batch_op.f("ix_activity_attendance_activity_id"))

    op.drop_table("activity_attendance")
    op.drop_table("volunteer")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_starts")
        batch_op.drop_index(batch_op.f("ix_activity_point_code"))

    op.drop_table("activity")
