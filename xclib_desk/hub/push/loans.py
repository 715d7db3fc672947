"""Loans at the hub: check-out, return, renewal, under the library's conflict rules.

The copy in the staff's hand is the truth; a return is always accepted (even before its
check-out arrives) and the copy is on loan exactly while one of its loans is open, whatever
the desks' clocks say; a check-out of a copy the hub believes is on loan closes the older loan
and flags both; a loan to a reader blocked at the hub meanwhile is kept and flagged; a renewal
of a returned loan is rejected, one beyond the package's limit kept and flagged.
"""

from __future__ import annotations

from ...protocol.events import CheckedIn, CheckedOut, Renewed
from ...protocol.wire import EventEnvelope
from ..models import HubTransfer
from . import fees
from .context import BatchContext, Rejected
from .feed import loan_row
from .records import ItemRecord


def checked_out(ctx: BatchContext, e: EventEnvelope, p: CheckedOut) -> list[str]:
    flags: list[str] = []
    it = ctx.item(p.item)
    reader = ctx.reader(p.card_no)
    loan = ctx.loan(p.loan_uid)
    if loan is None:
        loan = ctx.new_loan(p.loan_uid, p.item, e.point_code)
    elif loan.checked_out_at is not None:
        return []  # the same loan told twice (another event id): nothing new
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
    open_now = ctx.open_loan(p.item)
    if open_now is not None:
        if it.status != "on_loan":  # what the copy was, for the loan's return to weigh
            _cover(it, it.status, it.location, it.state_hlc)
        it.status, it.location = "on_loan", open_now.point
        it.state_hlc = max(it.state_hlc, e.hlc)
    elif loan.returned_at is not None and loan.returned_point and e.hlc >= it.state_hlc:
        # its return arrived first, stamped by a clock behind what last moved the copy: the
        # return follows this check-out, so it is the latest fact and places the copy (sent
        # home from a point that does not own it, as the returning desk did)
        away = it.owner is not None and it.owner != loan.returned_point
        it.status = "in_transit" if away else "available"
        it.location, it.state_hlc = loan.returned_point, e.hlc
    ctx.feed.items.add(it.barcode)
    ctx.feed.loans.add(loan.uid)
    ctx.feed.readers.add(p.card_no)
    return flags


def checked_in(ctx: BatchContext, e: EventEnvelope, p: CheckedIn) -> list[str]:
    s = ctx.s
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
    # ``on_loan`` holds only while a loan is open, so the return that closes the last one ends
    # it whatever the clocks say (a lending desk's clock running ahead stamped the check-out
    # "later" than the return that followed it); any other state of the copy moves only for
    # a newer fact
    after = max(e.hlc, loan.checkout_hlc or "")  # a return follows its own check-out
    returned = "in_transit" if p.route_to else "available"
    if ctx.open_loan(p.item) is not None:
        # another loan holds the copy: this return places it when that loan ends, if newer
        _cover(it, returned, e.point_code, after)
    elif it.status == "on_loan" or e.hlc > it.state_hlc:
        covered, it.covered_state = it.covered_state, None
        if covered is not None and covered["hlc"] > after:
            # the fact the loan covered is newer than the whole loan: it stands
            it.status, it.location = covered["status"], covered["location"]
            it.state_hlc = covered["hlc"]
        else:
            it.status, it.location, it.state_hlc = returned, e.point_code, after
    if p.transfer_uid and p.route_to and s.get(HubTransfer, p.transfer_uid) is None:
        s.add(
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


def _cover(it: ItemRecord, status: str, location: str | None, hlc: str) -> None:
    """Keep, while the copy is on loan, the newest state a return or an older fact would give
    it once no loan is open: clocks lie, so a loan may turn out older than what it hid."""
    if it.covered_state is None or hlc > it.covered_state["hlc"]:
        it.covered_state = {"status": status, "location": location, "hlc": hlc}


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
