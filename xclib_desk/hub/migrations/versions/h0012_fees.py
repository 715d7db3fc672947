"""fees: a reader's fee raised by a late return, settled by a payment or a waiver

Revision ID: h0012
Revises: h0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0012"
down_revision = "h0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_fee",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("card_no", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item", sa.String(length=64), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("raised_point", sa.String(length=32), nullable=True),
        sa.Column("raised_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("settled_point", sa.String(length=32), nullable=True),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.Column("settled_by", sa.String(length=32), nullable=True),
        sa.Column("payment_uid", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_hub_fee")),
    )
    op.create_index(op.f("ix_hub_fee_card_no"), "hub_fee", ["card_no"], unique=False)
    op.create_index("ix_hub_fee_settled", "hub_fee", ["settled_point", "settled_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_hub_fee_settled", table_name="hub_fee")
    op.drop_index(op.f("ix_hub_fee_card_no"), table_name="hub_fee")
    op.drop_table("hub_fee")
