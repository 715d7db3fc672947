"""Inventory (盘点) sessions: every scan is a row committed at once, so a crash loses none."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class InventorySession(Base):
    """One shelf range (or the whole collection) being checked at this point."""

    __tablename__ = "inventory_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))
    staff_code: Mapped[str] = mapped_column(String(32))
    # inclusive call-number range of the shelf; both null: the whole collection
    call_from: Mapped[str | None] = mapped_column(String(100))
    call_to: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|finished|cancelled
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class InventoryScan(Base):
    """A barcode seen on the shelf; scanning it twice keeps one row."""

    __tablename__ = "inventory_scan"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("inventory_session.id"))
    barcode: Mapped[str] = mapped_column(String(64))
    scanned_at: Mapped[datetime]

    __table_args__ = (Index("uq_inventory_scan", "session_id", "barcode", unique=True),)


class InventoryAction(Base):
    """A decision the librarian confirmed (mark missing, transfer home), kept for the report."""

    __tablename__ = "inventory_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("inventory_session.id"), index=True)
    barcode: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))  # mark_missing | transfer_home
    staff_code: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
