"""index the copies of a title

Revision ID: h0009
Revises: h0008

A title correction (``title.updated``) is applied only from a point holding a copy of the title
(hub/push/authority.py), asked inside the push under the feed lock; the union catalogue's
reindex and the title feed rows look copies up by title too. Without the index each of these
scanned every copy of the district.
"""

from __future__ import annotations

from alembic import op

revision = "h0009"
down_revision = "h0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_hub_item_title_uid", "hub_item", ["title_uid"])


def downgrade() -> None:
    op.drop_index("ix_hub_item_title_uid", table_name="hub_item")
