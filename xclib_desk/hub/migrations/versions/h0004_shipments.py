"""shipments between points (issue 6)

Revision ID: h0004
Revises: h0003
"""

from __future__ import annotations

revision = "h0004"
down_revision = "h0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
