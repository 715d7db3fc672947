"""Overdue work (逾期催还): the point's overdue loans as a call list, and one notice per reader.

The list is this point's business: loans it lent, and loans of its own readers lent elsewhere
that this store knows. Each row carries what a caller needs (name, phone, guardian for a
child) and the fee the loan would cost if returned today (none when the package charges none).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import Item, Loan, Point, Reader, Title
from .context import Ctx


@dataclass(frozen=True)
class OverdueLoan:
    card_no: str
    name: str
    phone: str | None
    guardian_phone: str | None
    barcode: str
    title: str
    call_number: str
    due_date: date
    days_late: int
    fee_cents: int  # if returned today
    lent_at: str  # point code


@dataclass(frozen=True)
class Notice:
    """One reader's overdue notice: what to bring back, and what it costs today."""

    card_no: str
    name: str
    phone: str | None
    loans: list[OverdueLoan]
    fee_cents: int


def overdue_loans(s: Session, ctx: Ctx, min_days: int = 1) -> list[OverdueLoan]:
    """Open loans at least ``min_days`` late, longest first, then by reader."""
    today, policy = ctx.today(), ctx.policy
    cutoff = today - timedelta(days=max(min_days, 1) - 1)
    rows = s.execute(
        select(Loan, Reader, Item, Title.title, Point.code)
        .join(Reader, Reader.id == Loan.reader_id)
        .join(Item, Item.id == Loan.item_id)
        .join(Title, Title.id == Item.title_id)
        .join(Point, Point.id == Loan.point_id)
        .where(
            Loan.returned_at.is_(None),
            Loan.due_date < cutoff,
            or_(Loan.point_id == ctx.point.id, Reader.home_point_id == ctx.point.id),
        )
        .order_by(Loan.due_date, Reader.card_no, Item.barcode)
    ).all()
    out = []
    for loan, reader, item, title, lent in rows:
        late = (today - loan.due_date).days
        out.append(
            OverdueLoan(
                card_no=reader.card_no,
                name=reader.name,
                phone=reader.phone,
                guardian_phone=reader.guardian_phone,
                barcode=item.barcode,
                title=title,
                call_number=item.call_number,
                due_date=loan.due_date,
                days_late=late,
                fee_cents=policy.fee_cents(loan.reader_type, late),
                lent_at=lent,
            )
        )
    return out


def notices(s: Session, ctx: Ctx, min_days: int = 1) -> list[Notice]:
    """The call list grouped by reader: one notice each, in the list's order."""
    by_card: dict[str, list[OverdueLoan]] = {}
    for row in overdue_loans(s, ctx, min_days):
        by_card.setdefault(row.card_no, []).append(row)
    return [
        Notice(
            card_no=card,
            name=rows[0].name,
            phone=rows[0].phone or rows[0].guardian_phone,
            loans=rows,
            fee_cents=sum(r.fee_cents for r in rows),
        )
        for card, rows in by_card.items()
    ]


CSV_HEADER = (
    "card_no",
    "name",
    "phone",
    "guardian_phone",
    "barcode",
    "title",
    "call_number",
    "due_date",
    "days_late",
    "fee_yuan",
    "lent_at",
)


def write_csv(rows: list[OverdueLoan], path: Path) -> None:
    """The call list for a spreadsheet (UTF-8 with BOM, so Excel reads the Chinese)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_HEADER)
        for r in rows:
            w.writerow(
                [
                    r.card_no,
                    r.name,
                    r.phone or "",
                    r.guardian_phone or "",
                    r.barcode,
                    r.title,
                    r.call_number,
                    r.due_date.isoformat(),
                    r.days_late,
                    f"{r.fee_cents / 100:.2f}",
                    r.lent_at,
                ]
            )
