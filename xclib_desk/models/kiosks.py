"""Self-check kiosks: their SIP2 accounts and readers' kiosk passwords, both point-local.

Neither leaves the point (no outbox event): a kiosk signs in to this desk only, and a reader's
kiosk password is set at this point's counter. Both are argon2 hashes, as staff passwords are;
creating and changing them is audited.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class KioskAccount(Base):
    """A kiosk's login (SIP2 ``CN``/``CO``) and how it speaks: location, language."""

    __tablename__ = "kiosk_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(64), default="")  # SIP2 CP, free text
    language: Mapped[str] = mapped_column(String(2), default="zh")  # zh | en: screen messages
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class ReaderPin(Base):
    """A reader's kiosk password (SIP2 ``AD``), when the standards package requires one."""

    __tablename__ = "reader_pin"
    reader_id: Mapped[int] = mapped_column(ForeignKey("reader.id"), primary_key=True)
    pin_hash: Mapped[str] = mapped_column(String(200))
    set_by: Mapped[str] = mapped_column(String(32))
    set_at: Mapped[datetime]
