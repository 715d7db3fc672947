"""Fees (罚款/滞纳金): what a reader owes, and how each debt was settled.

An overdue fee is raised by the return that found the copy late (its uid is the loan's, so the
hub derives the same row from ``loan.checked_in``); staff collect it in cash (one ``fee.paid``
event per payment, which may settle several fees at once) or waive it with a reason (roles from
the package's ``overridable["fee_waiver"]``). A fee is never deleted: the history is the rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Fee(Base):
    __tablename__ = "fee"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    #: None once a settled fee is older than the loan-history retention (services/retention.py)
    reader_id: Mapped[int | None] = mapped_column(ForeignKey("reader.id"))
    kind: Mapped[str] = mapped_column(String(16))  # overdue
    loan_uid: Mapped[str | None] = mapped_column(String(36))
    barcode: Mapped[str] = mapped_column(String(64))
    amount_cents: Mapped[int]
    raised_at: Mapped[datetime]
    point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))  # where it was raised
    # open | paid | waived
    status: Mapped[str] = mapped_column(String(16), default="open")
    settled_at: Mapped[datetime | None]
    settled_by: Mapped[str | None] = mapped_column(String(32))  # staff code
    settled_point_id: Mapped[int | None] = mapped_column(ForeignKey("point.id"))
    payment_uid: Mapped[str | None] = mapped_column(String(36))  # the fee.paid that settled it
    waive_reason: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (
        Index("ix_fee_reader", "reader_id", "status"),
        Index("ix_fee_settled", "settled_by", "settled_at"),
    )
