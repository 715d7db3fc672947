from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Reader(Base):
    """A reader. The resident ID number is never stored: only a keyed hash and a masked form."""

    __tablename__ = "reader"
    id: Mapped[int] = mapped_column(primary_key=True)
    card_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_pinyin: Mapped[str] = mapped_column(String(300), default="")  # "zhang san|zs"
    reader_type: Mapped[str] = mapped_column(String(32))
    id_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    id_masked: Mapped[str | None] = mapped_column(String(32))
    birth_date: Mapped[date | None]
    phone: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(300))
    guardian_name: Mapped[str | None] = mapped_column(String(100))
    guardian_phone: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | blocked
    block_reason: Mapped[str | None] = mapped_column(String(300))
    expires_on: Mapped[date]
    home_point_id: Mapped[int | None] = mapped_column(ForeignKey("point.id"))
    # True for readers known only through the district index (other points' readers)
    index_only: Mapped[bool] = mapped_column(default=False)
    hub_open_loans: Mapped[int] = mapped_column(default=0)
    #: pickup points where a copy waits on a hold shelf for this reader, from the district's
    #: reader index (protocol 3): told at card scan where this desk does not know the hold
    holds_ready: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    #: a note for staff only, and a message staff read out to the reader at card scan; both
    #: sync as profile fields (the home point's reader row), merged per field by clock
    staff_note: Mapped[str | None] = mapped_column(String(300))
    reader_message: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (Index("ix_reader_name", "name"),)
