from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Loan(Base):
    """One loan of one item. Open while ``returned_at`` is null; at most one open loan per item."""

    __tablename__ = "loan"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
    # null once loan history is anonymised under the package's retention rule
    reader_id: Mapped[int | None] = mapped_column(ForeignKey("reader.id"))
    reader_type: Mapped[str] = mapped_column(String(32))  # kept after anonymising, for stats
    material_type: Mapped[str] = mapped_column(String(32))
    point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))
    staff_code: Mapped[str] = mapped_column(String(32))
    checked_out_at: Mapped[datetime]
    due_date: Mapped[date]
    renewals: Mapped[int] = mapped_column(default=0)
    standards_version: Mapped[int]
    override_codes: Mapped[str | None] = mapped_column(String(200))
    override_reason: Mapped[str | None] = mapped_column(String(500))
    returned_at: Mapped[datetime | None]
    returned_point_id: Mapped[int | None] = mapped_column(ForeignKey("point.id"))
    fee_cents: Mapped[int] = mapped_column(default=0)
    #: how a loan closed without the copy coming back: lost_paid | lost_replaced |
    #: claimed_returned (services/copystates.py); null for a return
    closed_as: Mapped[str | None] = mapped_column(String(16))

    # The branch store is SQLite only, so the partial indexes say ``sqlite_where`` alone: a
    # ``postgresql_where`` here made SQLAlchemy import its PostgreSQL dialect (to check the
    # keyword) at every start of every verb, for a database the desk never opens.
    __table_args__ = (
        Index(
            "uq_loan_open_item",
            "item_id",
            unique=True,
            sqlite_where=text("returned_at IS NULL"),
        ),
        Index(
            "ix_loan_open_reader",
            "reader_id",
            "due_date",
            sqlite_where=text("returned_at IS NULL"),
        ),
        Index("ix_loan_item", "item_id"),
        # a reader's loan history (the account at card scan), newest return first
        Index(
            "ix_loan_reader_history",
            "reader_id",
            "returned_at",
            sqlite_where=text("reader_id IS NOT NULL AND returned_at IS NOT NULL"),
        ),
        # the retention job's search: returned loans still linked to a reader
        Index(
            "ix_loan_retention",
            "returned_at",
            sqlite_where=text("reader_id IS NOT NULL AND returned_at IS NOT NULL"),
        ),
    )


class Transfer(Base):
    """A shipment of one item between points (return home, distribution)."""

    __tablename__ = "transfer"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    from_point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))
    to_point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))
    reason: Mapped[str] = mapped_column(String(32))  # return_home | distribution
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|received|missing
    created_at: Mapped[datetime]
    received_at: Mapped[datetime | None]


class VisitCount(Base):
    __tablename__ = "visit_count"
    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))
    day: Mapped[date]
    count: Mapped[int]

    __table_args__ = (Index("uq_visit_point_day", "point_id", "day", unique=True),)
