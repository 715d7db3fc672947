"""A reader's returned loans by return time: the account at every card scan shows the loan
history within the retention limit, and without this index SQLite found it through
``ix_loan_retention`` (every returned loan of the whole retention period, ~0.5 s per scan at a
point with two years of returns) instead of the reader's own few.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_loan_reader_history",
        "loan",
        ["reader_id", "returned_at"],
        sqlite_where=sa.text("reader_id IS NOT NULL AND returned_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_loan_reader_history", table_name="loan")
