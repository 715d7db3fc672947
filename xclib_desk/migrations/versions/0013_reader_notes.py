"""reader notes: a note for staff and a message for the reader, synced as profile fields

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reader") as b:
        b.add_column(sa.Column("staff_note", sa.String(length=300), nullable=True))
        b.add_column(sa.Column("reader_message", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reader") as b:
        b.drop_column("reader_message")
        b.drop_column("staff_note")
