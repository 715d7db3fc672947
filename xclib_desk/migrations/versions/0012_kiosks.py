"""self-check kiosks: SIP2 accounts and readers' kiosk passwords (point-local, hashed)

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kiosk_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("location", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk_account")),
        sa.UniqueConstraint("login", name=op.f("uq_kiosk_account_login")),
    )
    op.create_table(
        "reader_pin",
        sa.Column("reader_id", sa.Integer(), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("set_by", sa.String(length=32), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reader_id"], ["reader.id"], name=op.f("fk_reader_pin_reader_id_reader")
        ),
        sa.PrimaryKeyConstraint("reader_id", name=op.f("pk_reader_pin")),
    )


def downgrade() -> None:
    op.drop_table("reader_pin")
    op.drop_table("kiosk_account")
