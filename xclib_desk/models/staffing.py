"""Duty shifts and the required-services checklist (统一人员配备 / 统一服务)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class DutyShift(Base):
    """One staff member on duty at this point from ``started_at`` until ``ended_at``."""

    __tablename__ = "duty_shift"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    staff_code: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    #: who closed it: the staff member, a librarian for someone who forgot, or ``system``
    ended_by: Mapped[str | None] = mapped_column(String(32))
    end_reason: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_duty_shift_started_at", "started_at"),
        Index(
            "uq_duty_shift_open_staff",
            "staff_code",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
        ),
    )


class ServiceCheck(Base):
    """The local librarian's confirmation that a required service was provided in a month."""

    __tablename__ = "service_check"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    service: Mapped[str] = mapped_column(String(64))
    provided: Mapped[bool]
    note: Mapped[str] = mapped_column(Text, default="")
    staff_code: Mapped[str] = mapped_column(String(32))
    confirmed_at: Mapped[datetime]

    __table_args__ = (Index("uq_service_check_period_service", "period", "service", unique=True),)
