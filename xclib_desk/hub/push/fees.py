"""Fees at the hub: raised by a late return, settled by a payment or a waiver from any point.

A late ``loan.checked_in`` raises the fee (uid = the loan's, so a replay adds nothing); the
authority table admits a settlement only of a fee the hub knows. A fee settled twice (two
desks offline, or a waiver and a payment) keeps the first settlement and raises
``fee_settled_twice`` to both points: the second one owes the reader a refund or an
explanation.
"""

from __future__ import annotations

from datetime import datetime

from ...protocol.events import CheckedIn, FeePaid, FeeWaived
from ...protocol.wire import EventEnvelope
from ..models import HubFee
from .context import BatchContext
from .records import LoanRecord


def raised_by_return(ctx: BatchContext, e: EventEnvelope, p: CheckedIn, loan: LoanRecord) -> None:
    """Called by ``loans.checked_in``: a late return the desk charged for raises its fee."""
    if p.fee_cents <= 0 or ctx.row(HubFee, p.loan_uid) is not None:
        return
    fee = HubFee(
        uid=p.loan_uid,
        card_no=p.card_no or loan.card_no,
        kind="overdue",
        item=p.item,
        amount_cents=p.fee_cents,
        raised_point=e.point_code,
        raised_at=p.returned_at,
        status="open",
    )
    ctx.add(fee)
    ctx.feed.fees.add(fee.uid)  # rows for the home, raising and settling points


def _settle(
    ctx: BatchContext,
    e: EventEnvelope,
    fee: HubFee,
    status: str,
    at: datetime,
    payment: str | None,
    reason: str | None,
) -> list[str]:
    if fee.status != "open":
        ctx.exception(
            f"fee_settled_twice:{fee.uid}:{e.event_id}",
            "fee_settled_twice",
            [p for p in (fee.settled_point, e.point_code) if p],
            {
                "fee": fee.uid,
                "reader": fee.card_no,
                "amount_cents": fee.amount_cents,
                "first": {"status": fee.status, "point": fee.settled_point},
                "second": {"status": status, "point": e.point_code, "payment": payment},
                "hub_action": "first settlement kept; refund or explain the second",
            },
        )
        return ["fee_settled_twice"]
    fee.status, fee.settled_point, fee.settled_at = status, e.point_code, at
    fee.settled_by, fee.payment_uid, fee.reason = e.staff_code, payment, reason
    ctx.s.flush()
    ctx.feed.fees.add(fee.uid)  # rows for the home, raising and settling points
    return []


def paid(ctx: BatchContext, e: EventEnvelope, p: FeePaid) -> list[str]:
    flags: list[str] = []
    for uid in p.fees:
        fee = ctx.s.get_one(HubFee, uid)  # the authority rule found it
        flags += _settle(ctx, e, fee, "paid", p.paid_at, p.uid, None)
    return sorted(set(flags))


def waived(ctx: BatchContext, e: EventEnvelope, p: FeeWaived) -> list[str]:
    fee = ctx.s.get_one(HubFee, p.uid)
    return _settle(ctx, e, fee, "waived", p.waived_at, None, p.reason)
