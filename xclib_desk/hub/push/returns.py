"""Loans that end without an ordinary return: a copy the returning desk has never seen
(通借通还 offline), and a copy lost or claimed returned (``closed_lost``).

The desk could not check the copy in (it has no row for it), so it sent the barcode and the
time. Here: the copy's open loan, if any, is closed at that time at the sender; a copy owned by
another point gets a return-home transfer from the sender (its item and transfer rows reach the
sender's feed, so the desk then ships it like any copy waiting to go home); a copy nobody knows
raises ``unknown_copy_returned`` to the sender. The fee of a late loan is not charged here: the
desk that took the copy did not know its due date (docs/sync-protocol.md, Known limits).
"""

from __future__ import annotations

from sqlalchemy import select

from ...protocol.events import LoanClosedLost, UnknownCopyReturned
from ...protocol.wire import EventEnvelope
from ..models import HubFee, HubTransfer
from .context import BatchContext, Rejected
from .copystate import AVAILABLE, IN_TRANSIT, Placement, place


def unknown_copy_returned(ctx: BatchContext, e: EventEnvelope, p: UnknownCopyReturned) -> list[str]:
    ctx.load_items([p.item])
    it = ctx.items.get(p.item)
    if it is None or it.owner is None:
        ctx.exception(
            f"unknown_copy_returned:{p.item}:{e.point_code}",
            "unknown_copy_returned",
            [e.point_code],
            {
                "item": p.item,
                "returned_at": p.returned_at.isoformat(),
                "hub_action": "nobody in the district knows this copy: keep it aside, look at "
                "its stamp and tell its library, or catalogue it",
            },
        )
        return ["unknown_copy_returned"]
    loan = ctx.open_loan(p.item)
    after = e.hlc
    if loan is not None:
        loan.returned_at, loan.returned_point = p.returned_at, e.point_code
        ctx.set_open(loan)
        after = max(e.hlc, loan.checkout_hlc)  # as a return: no older than its check-out
        ctx.feed.loans.add(loan.uid)
        if loan.card_no:
            ctx.feed.readers.add(loan.card_no)
    away = it.owner != e.point_code
    placed = Placement(after, IN_TRANSIT if away else AVAILABLE, e.point_code)
    if place(ctx, it, placed) and away:
        pending = ctx.s.scalars(
            select(HubTransfer.uid).where(
                HubTransfer.item == p.item,
                HubTransfer.from_point == e.point_code,
                HubTransfer.status == "pending",
            )
        ).first()
        if pending is None:
            ctx.s.add(
                HubTransfer(
                    uid=p.uid,
                    item=p.item,
                    from_point=e.point_code,
                    to_point=it.owner,
                    reason="return_home",
                    status="pending",
                    created_at=p.returned_at,
                )
            )
            ctx.feed.transfers.add(p.uid)
    ctx.feed.items.add(p.item)
    ctx.feed.item_scopes.setdefault(p.item, set()).add(e.point_code)  # the sender learns it
    return []


def closed_lost(ctx: BatchContext, e: EventEnvelope, p: LoanClosedLost) -> list[str]:
    """A loan closed without a return (lost and paid or replaced, or claimed returned): the
    loan ends at that time, the copy is lost unless a newer fact moved it, and a paid loss
    raises its fee (uid = the loan's) like a late return."""
    loan = ctx.loan(p.loan_uid)
    if loan is None or loan.checked_out_at is None:
        raise Rejected("unknown_loan")
    if loan.returned_at is not None:
        raise Rejected("loan_returned")
    loan.returned_at, loan.returned_point = p.closed_at, e.point_code
    loan.closed_by, loan.fee_cents = p.outcome, p.fee_cents
    ctx.set_open(loan)
    it = ctx.item(p.item)
    # lost where it was lent, as a return is placed: no older than its own check-out
    place(ctx, it, Placement(max(e.hlc, loan.checkout_hlc), "lost", loan.point))
    if p.fee_cents > 0 and ctx.row(HubFee, p.loan_uid) is None:
        ctx.add(
            HubFee(
                uid=p.loan_uid,
                card_no=p.card_no or loan.card_no,
                kind="lost",
                item=p.item,
                amount_cents=p.fee_cents,
                raised_point=e.point_code,
                raised_at=p.closed_at,
                status="open",
            )
        )
    ctx.feed.items.add(p.item)
    ctx.feed.loans.add(loan.uid)
    if loan.card_no:
        ctx.feed.readers.add(loan.card_no)
    return []
