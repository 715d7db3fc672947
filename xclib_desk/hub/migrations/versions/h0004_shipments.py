"""shipments between points (distribution boxes)

Revision ID: h0004
Revises: h0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0004"
down_revision = "h0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_shipment",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("from_point", sa.String(length=32), nullable=False),
        sa.Column("to_point", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("dispatched_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_hub_shipment")),
    )
    op.create_index(
        op.f("ix_hub_shipment_from_point"), "hub_shipment", ["from_point"], unique=False
    )
    op.create_index(op.f("ix_hub_shipment_to_point"), "hub_shipment", ["to_point"], unique=False)
    op.create_table(
        "hub_shipment_item",
        sa.Column("shipment_uid", sa.String(length=36), nullable=False),
        sa.Column("barcode", sa.String(length=64), nullable=False),
        sa.Column("transfer_uid", sa.String(length=36), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("damaged", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("shipment_uid", "barcode", name=op.f("pk_hub_shipment_item")),
    )
    op.create_index("ix_hub_shipment_item_barcode", "hub_shipment_item", ["barcode"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_hub_shipment_item_barcode", table_name="hub_shipment_item")
    op.drop_table("hub_shipment_item")
    op.drop_index(op.f("ix_hub_shipment_to_point"), table_name="hub_shipment")
    op.drop_index(op.f("ix_hub_shipment_from_point"), table_name="hub_shipment")
    op.drop_table("hub_shipment")
