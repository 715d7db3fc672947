"""Reading promotion (阅读推广): activities, who came, and the point's volunteers.

An ``activity`` row is this point's own (planned here, run here) or another point's, learnt from
the district calendar in the hub's feed (to promote it; read only here). Registrations and door
scans are working rows of the running point: each scan is its own transaction, and the counts
travel to the hub once, when the activity is closed. Names, phones and card numbers in these rows
are removed by retention (``services.activities.redact``); the counts on the activity stay.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Activity(Base):
    __tablename__ = "activity"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    point_code: Mapped[str] = mapped_column(String(32), index=True)
    series: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room: Mapped[str] = mapped_column(String(100), default="")
    target_group: Mapped[str] = mapped_column(String(32))
    capacity: Mapped[int | None]
    partner: Mapped[str] = mapped_column(String(200), default="")
    # planned | closed | cancelled
    status: Mapped[str] = mapped_column(String(16), default="planned")
    staff_code: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime]
    #: the close-out report: counts that stay after retention, and the notes
    attended_cards: Mapped[int] = mapped_column(default=0)
    walk_ins: Mapped[dict[str, Any]] = mapped_column(default=dict)
    participants: Mapped[int] = mapped_column(default=0)
    registered: Mapped[int] = mapped_column(default=0)
    report: Mapped[str] = mapped_column(String(2000), default="")
    closed_at: Mapped[datetime | None]
    cancel_reason: Mapped[str] = mapped_column(String(300), default="")
    #: names, phones and card numbers of its lists were removed (retention)
    redacted: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (Index("ix_activity_starts", "starts_at"),)


class ActivityRegistration(Base):
    """One sign-up: a reader by card, a person by name and phone, or a number of people."""

    __tablename__ = "activity_registration"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    card_no: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(32))
    people: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("uq_activity_registration_card", "activity_id", "card_no", unique=True),
    )


class ActivityAttendance(Base):
    """A card scanned at the door (once per card and activity; retention nulls the card)."""

    __tablename__ = "activity_attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    card_no: Mapped[str | None] = mapped_column(String(32))
    scanned_at: Mapped[datetime]

    __table_args__ = (Index("uq_activity_attendance_card", "activity_id", "card_no", unique=True),)


class Volunteer(Base):
    """One person of the point's roster; ``card_no`` when they are a reader too."""

    __tablename__ = "volunteer"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    card_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(32))
    team: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]


class VolunteerShift(Base):
    """A volunteer's time at the point: open while ``ended_at`` is null."""

    __tablename__ = "volunteer_shift"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id"), index=True)
    team: Mapped[str] = mapped_column(String(100), default="")
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    minutes: Mapped[int] = mapped_column(default=0)
