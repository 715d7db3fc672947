"""fees: what readers owe and how each debt was settled (paid in cash or waived); a loan
closed without a return says how (lost, replaced, claimed returned)

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("reader_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("loan_uid", sa.String(length=36), nullable=True),
        sa.Column("barcode", sa.String(length=64), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.Column("settled_by", sa.String(length=32), nullable=True),
        sa.Column("settled_point_id", sa.Integer(), nullable=True),
        sa.Column("payment_uid", sa.String(length=36), nullable=True),
        sa.Column("waive_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["reader_id"], ["reader.id"], name=op.f("fk_fee_reader_id_reader")),
        sa.ForeignKeyConstraint(["point_id"], ["point.id"], name=op.f("fk_fee_point_id_point")),
        sa.ForeignKeyConstraint(
            ["settled_point_id"], ["point.id"], name=op.f("fk_fee_settled_point_id_point")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee")),
        sa.UniqueConstraint("uid", name=op.f("uq_fee_uid")),
    )
    op.create_index("ix_fee_reader", "fee", ["reader_id", "status"], unique=False)
    op.create_index("ix_fee_settled", "fee", ["settled_by", "settled_at"], unique=False)
    with op.batch_alter_table("loan") as b:
        b.add_column(sa.Column("closed_as", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("loan") as b:
        b.drop_column("closed_as")
    op.drop_index("ix_fee_settled", table_name="fee")
    op.drop_index("ix_fee_reader", table_name="fee")
    op.drop_table("fee")
