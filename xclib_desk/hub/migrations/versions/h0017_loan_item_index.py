"""a loan's copy is found by one index, not two

Revision ID: h0017
Revises: h0016

``ix_hub_loan_item (item)`` repeats the start of ``ix_hub_loan_open (item, returned_at)``, which
answers every query by copy the hub makes (a copy's open loans, its loans); every loan written
paid for both. The morning rush writes a loan per check-out.
"""

from __future__ import annotations

from alembic import op

revision = "h0017"
down_revision = "h0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hub_loan") as b:
        b.drop_index("ix_hub_loan_item")


def downgrade() -> None:
    with op.batch_alter_table("hub_loan") as b:
        b.create_index("ix_hub_loan_item", ["item"], unique=False)
