"""point population and hours, duty shifts, services checks, visits (issue 5)

Revision ID: h0003
Revises: h0002
"""

from __future__ import annotations

revision = "h0003"
down_revision = "h0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
