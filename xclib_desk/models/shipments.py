"""Shipments (配送): boxes of copies sent from one point to another, and their lines.

A box is packed at the sending point (working rows, no event), dispatched (the copies are in
transit), then received at the destination scan by scan (each scan its own transaction, so a
crash loses none) and finished (unscanned copies are missing). Both ends keep the same rows: the
destination gets the box through the hub's change feed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Shipment(Base):
    __tablename__ = "shipment"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    from_point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))
    to_point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))
    # open (packing) | dispatched | received | cancelled
    status: Mapped[str] = mapped_column(String(16), default="open")
    staff_code: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime]
    dispatched_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_shipment_status", "status"),)


class ShipmentLine(Base):
    """One copy in a box. ``outcome``: packed (expected, not scanned yet) | received | missing |
    extra (scanned at the destination, not in the box). Damaged copies are received or extra
    with ``damaged`` set and the librarian's note."""

    __tablename__ = "shipment_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipment.id"))
    barcode: Mapped[str] = mapped_column(String(64))
    # null for an extra copy this store has never heard of
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"), index=True)
    # the return-home transfer this line carries, if any
    transfer_uid: Mapped[str | None] = mapped_column(String(36))
    outcome: Mapped[str] = mapped_column(String(16), default="packed")
    damaged: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(String(300))
    scanned_at: Mapped[datetime | None]

    __table_args__ = (Index("uq_shipment_line", "shipment_id", "barcode", unique=True),)
