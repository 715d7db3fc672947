"""One copy's history, newest first: loans (out, renewed, back) and transfers between points.

Read-only, for the Holdings page. Card numbers are shown only while the reader row still has
them (anonymised loans keep the reader type and dates, not the person).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..models import Loan, Point, Reader, Shipment, ShipmentLine, Transfer
from .context import Ctx
from .holdings import get_item


@dataclass(frozen=True)
class HistoryEntry:
    """One event in a copy's life, as data: the Holdings page words it in the user's language."""

    at: datetime
    kind: str  # checked_out | returned | transfer | shipped | shipment_<received|missing|extra>
    point: str
    card_no: str | None
    due_date: date | None = None  # a loan's
    renewals: int = 0
    override_reason: str | None = None  # why staff lent despite a block
    fee_cents: int = 0  # charged at the return
    route: tuple[str, str] | None = None  # (from, to) point codes of a transfer or a box
    status: str | None = None  # a transfer's
    shipment: str | None = None  # the box's short reference
    damage_note: str | None = None  # a copy that arrived damaged


def item_history(s: Session, ctx: Ctx, barcode: str, limit: int = 100) -> list[HistoryEntry]:
    item = get_item(s, ctx, barcode)
    out: list[HistoryEntry] = []
    back = aliased(Point)
    rows = s.execute(
        select(Loan, Point.code, back.code, Reader.card_no)
        .join(Point, Point.id == Loan.point_id)
        .outerjoin(back, back.id == Loan.returned_point_id)
        .outerjoin(Reader, Reader.id == Loan.reader_id)
        .where(Loan.item_id == item.id)
        .order_by(Loan.checked_out_at.desc())
        .limit(limit)
    ).all()
    for loan, out_point, back_point, card in rows:
        out.append(
            HistoryEntry(
                loan.checked_out_at,
                "checked_out",
                out_point,
                card,
                due_date=loan.due_date,
                renewals=loan.renewals,
                override_reason=loan.override_reason,
            )
        )
        if loan.returned_at is not None:
            out.append(
                HistoryEntry(
                    loan.returned_at, "returned", back_point or "?", card, fee_cents=loan.fee_cents
                )
            )
    src, dst = aliased(Point), aliased(Point)
    for t, a, b in s.execute(
        select(Transfer, src.code, dst.code)
        .join(src, src.id == Transfer.from_point_id)
        .join(dst, dst.id == Transfer.to_point_id)
        .where(Transfer.item_id == item.id)
        .order_by(Transfer.created_at.desc())
        .limit(limit)
    ).all():
        out.append(HistoryEntry(t.created_at, "transfer", a, None, route=(a, b), status=t.status))
    out.extend(_shipments(s, item.barcode, limit))
    out.sort(key=lambda e: e.at, reverse=True)
    return out[:limit]


def _shipments(s: Session, barcode: str, limit: int) -> list[HistoryEntry]:
    """Boxes the copy travelled in: when it left, and what the destination found."""
    src, dst = aliased(Point), aliased(Point)
    out: list[HistoryEntry] = []
    for line, box, a, b in s.execute(
        select(ShipmentLine, Shipment, src.code, dst.code)
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .join(src, src.id == Shipment.from_point_id)
        .join(dst, dst.id == Shipment.to_point_id)
        .where(ShipmentLine.barcode == barcode, Shipment.dispatched_at.is_not(None))
        .order_by(Shipment.dispatched_at.desc())
        .limit(limit)
    ).all():
        ref = box.uid[:8]
        if line.outcome != "extra" and box.dispatched_at is not None:
            out.append(
                HistoryEntry(box.dispatched_at, "shipped", a, None, route=(a, b), shipment=ref)
            )
        at = line.scanned_at or box.received_at
        if line.outcome != "packed" and at is not None:
            note = line.note if line.damaged else None
            out.append(
                HistoryEntry(
                    at, f"shipment_{line.outcome}", b, None, route=(a, b), shipment=ref,
                    damage_note=note,
                )
            )  # fmt: skip
    return out
