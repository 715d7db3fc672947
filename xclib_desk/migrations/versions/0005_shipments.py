"""shipments (配送) between points

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shipment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("from_point_id", sa.Integer(), nullable=False),
        sa.Column("to_point_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("staff_code", sa.String(length=32), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("dispatched_at", sa.DateTime(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["from_point_id"], ["point.id"], name=op.f("fk_shipment_from_point_id_point")
        ),
        sa.ForeignKeyConstraint(
            ["to_point_id"], ["point.id"], name=op.f("fk_shipment_to_point_id_point")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipment")),
        sa.UniqueConstraint("uid", name=op.f("uq_shipment_uid")),
    )
    op.create_index("ix_shipment_status", "shipment", ["status"], unique=False)
    op.create_table(
        "shipment_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("barcode", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("transfer_uid", sa.String(length=36), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("damaged", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("scanned_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"], ["item.id"], name=op.f("fk_shipment_line_item_id_item")
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipment.id"], name=op.f("fk_shipment_line_shipment_id_shipment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipment_line")),
    )
    op.create_index(op.f("ix_shipment_line_item_id"), "shipment_line", ["item_id"], unique=False)
    op.create_index("uq_shipment_line", "shipment_line", ["shipment_id", "barcode"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_shipment_line", table_name="shipment_line")
    op.drop_index(op.f("ix_shipment_line_item_id"), table_name="shipment_line")
    op.drop_table("shipment_line")
    op.drop_index("ix_shipment_status", table_name="shipment")
    op.drop_table("shipment")
