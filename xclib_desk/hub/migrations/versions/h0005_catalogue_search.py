"""union catalogue search text, item acquisition time (issue 6)

Revision ID: h0005
Revises: h0004
"""

from __future__ import annotations

revision = "h0005"
down_revision = "h0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
