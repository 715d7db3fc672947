"""Staffing at the hub: duty shifts, the monthly services checklist, visits, and the loan
history a point anonymised (retention). Figures are read by ``hub/staffing.py``."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...common.times import utcnow
from ...protocol.events import (
    DutyEnded,
    DutyStarted,
    RetentionApplied,
    ServiceConfirmed,
    VisitsRecorded,
)
from ...protocol.wire import EventEnvelope
from ..models import HubChange, HubDutyShift, HubFee, HubLoan, HubServiceCheck, HubVisit
from ..redaction import redact_ledger
from .context import BatchContext
from .records import LoanRecord


def duty_started(ctx: BatchContext, e: EventEnvelope, p: DutyStarted) -> list[str]:
    row = ctx.s.get(HubDutyShift, p.uid)  # authority: the sender's own shift
    if row is None:
        row = HubDutyShift(uid=p.uid, point_code=e.point_code, staff_code=p.staff_code)
        ctx.s.add(row)
    row.started_at = p.started_at
    return []


def duty_ended(ctx: BatchContext, e: EventEnvelope, p: DutyEnded) -> list[str]:
    row = ctx.s.get(HubDutyShift, p.uid)  # authority: the sender's own shift
    if row is None:  # the end arrived first: its start will fill in the row
        row = HubDutyShift(uid=p.uid, point_code=e.point_code, staff_code=p.staff_code)
        ctx.s.add(row)
    row.ended_at, row.end_reason = p.ended_at, p.reason
    return []


def services_confirmed(ctx: BatchContext, e: EventEnvelope, p: ServiceConfirmed) -> list[str]:
    s = ctx.s
    row = s.get(HubServiceCheck, (e.point_code, p.period, p.service))
    if row is None:
        s.add(
            HubServiceCheck(
                point_code=e.point_code,
                period=p.period,
                service=p.service,
                provided=p.provided,
                note=p.note,
                staff_code=e.staff_code,
                hlc=e.hlc,
            )
        )
        s.flush()
    elif row.hlc < e.hlc:  # a later answer for the same month replaces the earlier one
        row.provided, row.note, row.staff_code, row.hlc = p.provided, p.note, e.staff_code, e.hlc
    return []


def visits_recorded(ctx: BatchContext, e: EventEnvelope, p: VisitsRecorded) -> list[str]:
    s = ctx.s
    row = s.get(HubVisit, (e.point_code, p.day))
    if row is None:
        s.add(HubVisit(point_code=e.point_code, day=p.day, count=p.count, hlc=e.hlc))
        s.flush()
    elif row.hlc < e.hlc:
        row.count, row.hlc = p.count, e.hlc
    return []


def retention_applied(ctx: BatchContext, e: EventEnvelope, p: RetentionApplied) -> list[str]:
    """The point anonymised its history: the hub's copy of that point's loans follows, and
    the ledger's copies of that point's loan events lose their card numbers. The cutoff is
    the point's clock minus its days; a desk clock running ahead must not reach loans that are
    recent by the hub's clock, so the hub takes the earlier of the two."""
    now = utcnow()
    cutoff = min(p.cutoff, now - timedelta(days=max(p.days, 0)))
    anonymise_loans(ctx.s, cutoff, point=e.point_code)
    ctx.records.refresh(LoanRecord, ctx.loans.values())  # as anonymised: the feed rows follow
    anonymise_fees(ctx.s, cutoff, point=e.point_code)
    redact_ledger(ctx.s, cutoff, now, point=e.point_code)
    return []


def anonymise_fees(s: Session, cutoff: datetime, point: str | None = None) -> int:
    """Fees settled (at ``point``) before ``cutoff`` lose their card number, here and in the
    feed rows that carry them; an open fee keeps it (it is a debt, not history)."""
    q = select(HubFee.uid).where(
        HubFee.status != "open", HubFee.settled_at < cutoff, HubFee.card_no.is_not(None)
    )
    if point is not None:
        q = q.where(HubFee.settled_point == point)
    return _drop_cards(s, HubFee, "fee", list(s.scalars(q)))


def anonymise_loans(s: Session, cutoff: datetime, point: str | None = None) -> int:
    """Returned loans before ``cutoff`` lose their card number, here and in the feed rows that
    carry them (scrubbed in place: the points already anonymised their own copies)."""
    q = select(HubLoan.uid).where(
        HubLoan.returned_at.is_not(None),
        HubLoan.returned_at < cutoff,
        HubLoan.card_no.is_not(None),
    )
    if point is not None:
        q = q.where(HubLoan.point == point)
    return _drop_cards(s, HubLoan, "loan", list(s.scalars(q)))


def _drop_cards(s: Session, model: type[HubFee] | type[HubLoan], kind: str, uids: list[str]) -> int:
    """Clear ``card_no`` on these rows and in their feed rows, in chunks the IN list can hold."""
    for i in range(0, len(uids), 500):
        chunk = uids[i : i + 500]
        s.execute(update(model).where(model.uid.in_(chunk)).values(card_no=None))
        for row in s.scalars(
            select(HubChange).where(HubChange.kind == kind, HubChange.key.in_(chunk))
        ):
            row.data = {**row.data, "card_no": None}
    return len(uids)
