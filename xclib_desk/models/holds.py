"""Holds (预约): a reader's request for a title or a copy, to collect at a pickup point.

The hub owns a hold's life (it targets copies and orders the queue); this desk keeps the holds
it placed, the ones to be collected here, the ones whose copy is on its pull list and the
waiting ones it could fill from a return. Points are named by code: a hold names points this
desk may never have met. ``provisional`` is true until the hub has confirmed the hold.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, Select, String, select
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Hold(Base):
    __tablename__ = "hold"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    card_no: Mapped[str] = mapped_column(String(32))
    reader_type: Mapped[str] = mapped_column(String(32))
    title_uid: Mapped[str] = mapped_column(String(36))
    #: the title as the reader asked for it (shown on lists and slips)
    title: Mapped[str] = mapped_column(String(500), default="")
    #: restricts a title-level hold to one edition
    isbn: Mapped[str | None] = mapped_column(String(13))
    #: a copy-level hold's copy
    item: Mapped[str | None] = mapped_column(String(32))
    placed_point: Mapped[str] = mapped_column(String(32))
    pickup_point: Mapped[str] = mapped_column(String(32))
    # waiting | captured | on_shelf | filled | cancelled | lapsed | expired | refused
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    reason: Mapped[str | None] = mapped_column(String(48))
    priority: Mapped[int] = mapped_column(default=0)
    placed_at: Mapped[datetime]
    lapse_on: Mapped[date]
    suspended_until: Mapped[date | None]
    #: the copy the hub put on a point's pull list for this hold
    target_item: Mapped[str | None] = mapped_column(String(32))
    target_point: Mapped[str | None] = mapped_column(String(32))
    #: the copy set aside for it, and where
    captured_item: Mapped[str | None] = mapped_column(String(32))
    captured_point: Mapped[str | None] = mapped_column(String(32))
    shelf_expires_on: Mapped[date | None]
    ended_at: Mapped[datetime | None]
    provisional: Mapped[bool] = mapped_column(default=True)
    staff_code: Mapped[str] = mapped_column(String(32), default="")

    __table_args__ = (
        Index("ix_hold_card_status", "card_no", "status"),
        Index("ix_hold_title_status", "title_uid", "status"),
        Index("ix_hold_captured_item", "captured_item"),
        Index("ix_hold_target_point", "target_point", "status"),
    )


def shelf_expired(pickup_point: str, today: date) -> Select[Any]:
    """``select(Hold)``: the copies on ``pickup_point``'s hold shelf past their pickup date.

    The one definition (the hold shelf's list, and the release every opening of the store
    runs): here beside the table, so that asking whether there are any does not load the
    holds service and what it imports into every command-line verb.
    """
    return select(Hold).where(
        Hold.pickup_point == pickup_point,
        Hold.status == "on_shelf",
        Hold.shelf_expires_on < today,
    )
