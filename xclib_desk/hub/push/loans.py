"""Loans at the hub: check-out, return, renewal, under the library's conflict rules.

The copy in the staff's hand is the truth; a return is always accepted (even before its
check-out arrives) and the copy is on loan exactly while one of its loans is open, whatever
the desks' clocks say; a check-out of a copy the hub believes is on loan closes the older loan
and flags both; a loan to a reader blocked at the hub meanwhile is kept and flagged; a renewal
of a returned loan is rejected, one beyond the package's limit kept and flagged.
"""

from __future__ import annotations

from sqlalchemy import select

from ...protocol.events import CheckedIn, CheckedOut, Renewed
from ...protocol.wire import EventEnvelope
from ..models import HubTransfer
from . import fees
from .context import BatchContext, Rejected
from .copystate import AVAILABLE, IN_TRANSIT, Placement, follow_loans, place, resting
from .feed import loan_row
from .records import LoanRecord


def checked_out(ctx: BatchContext, e: EventEnvelope, p: CheckedOut) -> list[str]:
    flags: list[str] = []
    it = ctx.item(p.item)
    reader = ctx.reader(p.card_no)
    loan = ctx.loan(p.loan_uid)
    if loan is None:
        loan = ctx.new_loan(p.loan_uid, p.item, e.point_code)
    elif loan.checked_out_at is not None:
        return []  # the same loan told twice (another event id): nothing new
    else:  # its return came first and could only name where it was returned: lent here
        loan.point = e.point_code
    loan.card_no, loan.reader_type = p.card_no, reader.reader_type
    loan.material_type, loan.staff_code = it.material_type, e.staff_code
    loan.checked_out_at, loan.checkout_hlc, loan.due_date = p.checked_out_at, e.hlc, p.due_date
    loan.standards_version = e.standards_version
    ctx.set_open(loan)
    overridden = set(p.override.codes) if p.override else set()
    if reader.status == "blocked" and "reader_blocked" not in overridden:
        # blocked at the hub meanwhile: the book is in the reader's bag; keep, flag
        flags.append("reader_blocked_at_hub")
        ctx.exception(
            f"reader_blocked:{loan.uid}",
            "reader_blocked_at_hub",
            [e.point_code] + ([reader.home_point] if reader.home_point else []),
            {
                "reader": p.card_no,
                "block_reason": reader.block_reason,
                "item": p.item,
                "loan": loan_row(loan).model_dump(mode="json"),
                "hub_action": "loan kept; reader stays blocked",
            },
        )
    if loan.returned_at is None:
        other = ctx.open_loan(p.item, loan.uid)
        if other is not None:
            flags.append("double_loan")
            if other.checkout_hlc <= e.hlc:
                older, newer = other, loan
            else:
                older, newer = loan, other
            older.returned_at = newer.checked_out_at
            older.closed_by = "superseded"
            ctx.set_open(older)
            ctx.feed.loans.add(other.uid)
            if other.card_no:
                ctx.feed.readers.add(other.card_no)
            a, b = sorted([loan.uid, other.uid])
            ctx.exception(
                f"double_loan:{a}:{b}",
                "double_loan",
                [older.point, newer.point],
                {
                    "item": p.item,
                    "closed_loan": loan_row(older).model_dump(mode="json"),
                    "open_loan": loan_row(newer).model_dump(mode="json"),
                    "hub_action": (
                        f"closed loan {older.uid} (reader {older.card_no}, "
                        f"{older.point}); loan {newer.uid} (reader {newer.card_no}, "
                        f"{newer.point}) stays open"
                    ),
                },
            )
    if loan.returned_at is not None and loan.returned_point and e.hlc >= resting(it).hlc:
        # its return arrived first, stamped by a clock behind this check-out's: the return
        # follows its own check-out, so it places the copy at this clock (whichever arrives
        # first, the return's placement is offered at the later of the two clocks)
        place(ctx, it, Placement(e.hlc, _returned_status(ctx, loan), loan.returned_point))
    else:
        follow_loans(ctx, it)
    ctx.feed.items.add(it.barcode)
    ctx.feed.loans.add(loan.uid)
    ctx.feed.readers.add(p.card_no)
    return flags


def checked_in(ctx: BatchContext, e: EventEnvelope, p: CheckedIn) -> list[str]:
    it = ctx.item(p.item)
    loan = ctx.loan(p.loan_uid)
    if loan is None:  # the return arrived before its check-out: keep it, fill in later
        loan = ctx.new_loan(p.loan_uid, p.item, e.point_code)
        loan.card_no = p.card_no
    loan.returned_at, loan.returned_point, loan.fee_cents = (
        p.returned_at,
        e.point_code,
        p.fee_cents,
    )
    ctx.set_open(loan)
    fees.raised_by_return(ctx, e, p, loan)
    # the copy is on loan exactly while a loan is open; once none is, it rests where the
    # latest fact put it, and a return is no older than its own check-out (it follows it,
    # whatever a lending desk's clock running ahead stamped on the check-out)
    routed = p.route_to is not None and p.transfer_uid is not None
    after = max(e.hlc, loan.checkout_hlc)
    place(ctx, it, Placement(after, IN_TRANSIT if routed else AVAILABLE, e.point_code))
    if p.transfer_uid and p.route_to and ctx.row(HubTransfer, p.transfer_uid) is None:
        ctx.add(
            HubTransfer(
                uid=p.transfer_uid,
                item=p.item,
                from_point=e.point_code,
                to_point=p.route_to,
                reason="return_home",
                status="pending",
                created_at=p.returned_at,
            )
        )
        ctx.feed.transfers.add(p.transfer_uid)
    ctx.feed.items.add(it.barcode)
    ctx.feed.loans.add(loan.uid)
    if loan.card_no:
        ctx.feed.readers.add(loan.card_no)
    return []


def _returned_status(ctx: BatchContext, loan: LoanRecord) -> str:
    """How the loan's return left the copy: ``in_transit`` when it sent the copy home (the
    return recorded that transfer: from the returning point, at the return's time), else
    ``available``. Asked only when a check-out arrives after its own return."""
    routed = ctx.s.scalar(
        select(HubTransfer.uid)
        .where(
            HubTransfer.item == loan.item,
            HubTransfer.from_point == loan.returned_point,
            HubTransfer.reason == "return_home",
            HubTransfer.created_at == loan.returned_at,
        )
        .limit(1)
    )
    return AVAILABLE if routed is None else IN_TRANSIT


def renewed(ctx: BatchContext, e: EventEnvelope, p: Renewed) -> list[str]:
    loan = ctx.loan(p.loan_uid)
    if loan is None or (loan.checked_out_at is None and loan.returned_at is None):
        raise Rejected("unknown_loan")
    if loan.returned_at is not None:
        raise Rejected("loan_returned")
    flags = []
    policy = ctx.policy(e.standards_version)
    if policy is not None:
        # judged under the rules the desk said were in force, not today's
        limit = policy.loan_rule(loan.reader_type, loan.material_type).renewals
        overridden = set(p.override.codes) if p.override else set()
        if p.renewals > limit and "renewal_limit" not in overridden:
            flags.append("renewal_limit_exceeded")
            ctx.exception(
                f"renewal_limit:{e.event_id}",
                "renewal_limit_exceeded",
                [e.point_code],
                {
                    "loan": loan_row(loan).model_dump(mode="json"),
                    "limit": limit,
                    "hub_action": "renewal kept",
                },
            )
    if loan.due_date is None or p.due_date >= loan.due_date:
        loan.due_date = p.due_date
    loan.renewals = max(loan.renewals, p.renewals)
    ctx.feed.loans.add(loan.uid)
    return flags
