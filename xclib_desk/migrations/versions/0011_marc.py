"""the MARC fields a title keeps beyond its columns, and its filing form

Revision ID: 0011
Revises: 0010

``title_marc`` holds what a MARC import read beyond the catalogue's columns (``marc.Kept`` as
JSON: edition, place, extent, series, summary, parallel titles, names with their roles, the
title with its non-sorting markers) and the title's filing form, so ``export-marc`` gives a
record back as it came in. A title without a row exports from its columns alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "title_marc",
        sa.Column("title_id", sa.Integer(), nullable=False),
        sa.Column("filing_title", sa.String(length=500), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["title_id"], ["title.id"], name=op.f("fk_title_marc_title_id_title")
        ),
        sa.PrimaryKeyConstraint("title_id", name=op.f("pk_title_marc")),
    )


def downgrade() -> None:
    op.drop_table("title_marc")
