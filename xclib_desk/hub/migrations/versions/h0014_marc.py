"""the MARC fields a title imported at the hub keeps, and its filing form

Revision ID: h0014
Revises: h0013

``hub_title_marc`` holds what ``xclib-hub import-marc`` read beyond the wire's title record
(``marc.Kept`` as JSON) and the filing form, so ``xclib-hub export-marc`` gives it back. Kept
apart from ``hub_title.data``, which the change feed sends to desks as it is.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0014"
down_revision = "h0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_title_marc",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("filing_title", sa.String(length=500), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["uid"], ["hub_title.uid"], name=op.f("fk_hub_title_marc_uid_hub_title")
        ),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_hub_title_marc")),
    )


def downgrade() -> None:
    op.drop_table("hub_title_marc")
