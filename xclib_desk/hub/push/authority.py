"""Who may emit what: the one table from event type to its authority rule, checked at the hub.

A token speaks for one point (the HTTP layer refuses an envelope naming another). This table
decides whether that point may say *this* about *that* reader, loan, copy, box or exception: a
reader's profile, status and expiry only from the reader's home point; a renewal from the
lending point or the reader's home point; a copy's status, transfer or box only from the point
that owns the copy or has it on its shelf; returns and check-outs from anywhere (通借通还, and
the copy in the staff's hand is the truth). A refusal is ``Rejected(code)``: the batch records
it in the ledger and as an exception the hall sees, and applies the rest.

Rules read the rows the batch prefetched (``ctx.items``/``readers``/``loans``); only rare
types (box receipts, shifts, exceptions, title corrections) look a row up, and the handler
then finds it in the session's identity map. The table is mirrored in
``docs/sync-protocol.md`` (``tests/test_push_authority.py`` keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, or_, select

from ...protocol.events import (
    ActivityPlanned,
    CardRenewed,
    ExceptionResolved,
    FeePaid,
    FeeWaived,
    HoldCancelled,
    HoldCaptured,
    HoldExpired,
    HoldFilled,
    HoldNotFound,
    HoldPickupChanged,
    HoldShelved,
    HoldSuspended,
    ItemAdded,
    ItemStatusChanged,
    LoanClosedLost,
    ReaderBlocked,
    ReaderRegistered,
    ReaderUnblocked,
    ReaderUpdated,
    Renewed,
    ShipmentDispatched,
    ShipmentReceived,
    TitleUpdated,
    TransferCreated,
)
from ...protocol.wire import EventEnvelope
from ..activities import HubActivity
from ..models import (
    HubDutyShift,
    HubException,
    HubFee,
    HubHold,
    HubItem,
    HubPoint,
    HubShipment,
)
from .context import BatchContext, Rejected
from .records import ItemRecord, ReaderRecord

#: a rule: returns if the sender may emit the event, raises ``Rejected(code)`` if not
Rule = Callable[[BatchContext, EventEnvelope, Any], None]


@dataclass(frozen=True)
class Authority:
    """One row of the table: who may emit the type (as the protocol document words it), the
    codes a refusal answers, and the rule that decides."""

    who: str
    codes: tuple[str, ...]
    rule: Rule


# --- the rows the rules read -----------------------------------------------------------------
def _reader(ctx: BatchContext, card: str) -> ReaderRecord | None:
    return ctx.find_reader(card)


def _copy(ctx: BatchContext, barcode: str) -> ItemRecord | None:
    return ctx.find_item(barcode)


def _holds(it: ItemRecord | None, point: str) -> bool:
    """A copy is the point's to move if it owns it or has it on its shelf. A copy the hub does
    not know is nobody's to move: an honest desk knows a copy only from its own ``item.added``
    (pushed before, in its order) or from the hub's feed, and a forgery must not place a copy
    before its owner adds it."""
    return it is not None and point in (it.owner, it.location)


# --- the rules -------------------------------------------------------------------------------
def ledger_only(ctx: BatchContext, e: EventEnvelope, p: Any) -> None:
    """Nothing at the hub changes (``registry.HANDLERS`` maps the type to ``None``)."""


def anyone(ctx: BatchContext, e: EventEnvelope, p: Any) -> None:
    """Every point may: the table says why for each type."""


def own_rows(ctx: BatchContext, e: EventEnvelope, p: Any) -> None:
    """The hub files the fact under the sender's own code; the payload names no other point."""


def registration(ctx: BatchContext, e: EventEnvelope, p: ReaderRegistered) -> None:
    if p.home_point != e.point_code:
        raise Rejected("wrong_point")
    r = _reader(ctx, p.card_no)
    if r is not None and r.home_point is not None and r.home_point != p.home_point:
        raise Rejected("duplicate_card")


def home_point(
    ctx: BatchContext,
    e: EventEnvelope,
    p: ReaderUpdated | ReaderBlocked | ReaderUnblocked | CardRenewed,
) -> None:
    """Only the point that registered the reader; a reader whose registration the hub has not
    seen has no home to speak for it yet (an honest edit always follows its registration)."""
    r = _reader(ctx, p.card_no)
    if r is None or r.home_point != e.point_code:
        raise Rejected("not_home_point")


def renewal(ctx: BatchContext, e: EventEnvelope, p: Renewed | LoanClosedLost) -> None:
    """The lending point or the reader's home point. A loan the hub has not seen lent is left
    to the handler (``unknown_loan``)."""
    loan = ctx.loan(p.loan_uid)
    if loan is None or loan.checked_out_at is None or loan.point == e.point_code:
        return
    r = _reader(ctx, loan.card_no) if loan.card_no else None
    if r is None or r.home_point != e.point_code:
        raise Rejected("not_lending_point")


def new_copy(ctx: BatchContext, e: EventEnvelope, p: ItemAdded) -> None:
    if p.owner != e.point_code:
        raise Rejected("wrong_point")
    it = _copy(ctx, p.barcode)
    if it is not None and it.owner is not None and it.owner != p.owner:
        raise Rejected("duplicate_item")


def copy_held(ctx: BatchContext, e: EventEnvelope, p: ItemStatusChanged) -> None:
    if not _holds(_copy(ctx, p.barcode), e.point_code):
        raise Rejected("not_holding_point")


def transfer(ctx: BatchContext, e: EventEnvelope, p: TransferCreated) -> None:
    """From the sender, of a copy it owns or holds, or of another point's copy found on its
    shelf and sent home (the copy in the staff's hand: an inventory's ``transfer_home``)."""
    if p.from_point != e.point_code:
        raise Rejected("wrong_point")
    it = _copy(ctx, p.item)
    if not _holds(it, e.point_code) and (it is None or p.to_point != it.owner):
        raise Rejected("not_holding_point")


def dispatch(ctx: BatchContext, e: EventEnvelope, p: ShipmentDispatched) -> None:
    """The sender's own box, holding only copies it owns or has on its shelf (the handler's
    ``load_items`` then finds them loaded)."""
    if p.from_point != e.point_code:
        raise Rejected("wrong_point")
    ctx.load_items(p.items)
    if not all(_holds(ctx.items.get(bc), e.point_code) for bc in p.items):
        raise Rejected("not_holding_point")


def receipt(ctx: BatchContext, e: EventEnvelope, p: ShipmentReceived) -> None:
    """The destination of a box the hub knows (refused without saying whose box it is)."""
    if p.to_point != e.point_code:
        raise Rejected("wrong_point")
    box = ctx.s.get(HubShipment, p.uid)
    if box is None or box.to_point != e.point_code:
        raise Rejected("unknown_shipment")


def new_activity(ctx: BatchContext, e: EventEnvelope, p: ActivityPlanned) -> None:
    """Filed under the sender; an activity another point planned is not its to replace."""
    a = ctx.s.get(HubActivity, p.uid)
    if a is not None and a.point != e.point_code:
        raise Rejected("wrong_point")


def own_activity(ctx: BatchContext, e: EventEnvelope, p: Any) -> None:
    """An activity the hub knows, planned by the sender (to any other it does not exist)."""
    a = ctx.s.get(HubActivity, p.uid)
    if a is None or a.point != e.point_code:
        raise Rejected("unknown_activity")


def title_holder(ctx: BatchContext, e: EventEnvelope, p: TitleUpdated) -> None:
    """A catalogue correction reaches every holder of the title, so it comes from a point
    holding a copy of it (owner or shelf), from the hall (a district-level point catalogues for
    the district), or concerns a title no point holds a copy of yet."""
    s, point = ctx.s, e.point_code
    mine = or_(HubItem.owner == point, HubItem.location == point)
    if s.scalar(select(exists().where(HubItem.title_uid == p.uid, mine))):
        return
    if not s.scalar(select(exists().where(HubItem.title_uid == p.uid))):
        return
    sender = s.get(HubPoint, point)
    if sender is None or sender.level != "district":
        raise Rejected("not_holding_point")


def own_shift(ctx: BatchContext, e: EventEnvelope, p: Any) -> None:
    """A shift the hub knows belongs to the point that opened it."""
    row = ctx.s.get(HubDutyShift, p.uid)
    if row is not None and row.point_code != e.point_code:
        raise Rejected("wrong_point")


def named_point(ctx: BatchContext, e: EventEnvelope, p: ExceptionResolved) -> None:
    """Only a point the exception names; to any other it does not exist."""
    x = ctx.s.get(HubException, p.uid)
    if x is None or e.point_code not in x.points:
        raise Rejected("unknown_exception")


def fee_point(ctx: BatchContext, e: EventEnvelope, p: FeePaid | FeeWaived) -> None:
    """The point that raised each fee or the reader's home point. A fee the hub has not seen is
    nobody's to settle: an honest desk knows a fee only from its own late return (pushed before,
    in its order)."""
    for uid in p.fees if isinstance(p, FeePaid) else [p.uid]:
        fee = ctx.s.get(HubFee, uid)
        if fee is None or fee.raised_point is None:
            raise Rejected("unknown_fee")
        if e.point_code == fee.raised_point:
            continue
        r = _reader(ctx, fee.card_no) if fee.card_no else None
        if r is None or r.home_point != e.point_code:
            raise Rejected("not_fee_point")


# --- holds (hub/push/holds.py) -------------------------------------------------------------------
def _hold(ctx: BatchContext, uid: str) -> HubHold:
    h = ctx.s.get(HubHold, uid)
    if h is None:
        raise Rejected("unknown_hold")
    return h


def hold_party(
    ctx: BatchContext, e: EventEnvelope, p: HoldCancelled | HoldSuspended | HoldPickupChanged
) -> None:
    """The point that placed the hold, the pickup point, or the reader's home point."""
    h = _hold(ctx, p.uid)
    r = _reader(ctx, h.card_no)
    if e.point_code not in (h.placed_point, h.pickup_point, r.home_point if r else None):
        raise Rejected("not_hold_point")


def hold_copy(ctx: BatchContext, e: EventEnvelope, p: HoldCaptured | HoldNotFound) -> None:
    """A known hold, and a copy the sender owns or has on its shelf (the copy in the hand)."""
    _hold(ctx, p.uid)
    if not _holds(_copy(ctx, p.item), e.point_code):
        raise Rejected("not_holding_point")


def hold_pickup(
    ctx: BatchContext, e: EventEnvelope, p: HoldShelved | HoldFilled | HoldExpired
) -> None:
    """The hold's pickup point (its hold shelf)."""
    if _hold(ctx, p.uid).pickup_point != e.point_code:
        raise Rejected("not_pickup_point")


_HOME = "the reader's home point"
_FEE = "the point that raised the fee or the reader's home point"
_HELD = "the copy's owner or the point it is at"
_HOLD_PARTY = "the hold's placing point, its pickup point or the reader's home point"
_HOLD_PARTY_CODES = ("unknown_hold", "not_hold_point")
_HOLD_COPY = "for a known hold, the copy's owner or the point it is at"
_HOLD_COPY_CODES = ("unknown_hold", "not_holding_point")
_PICKUP = "the hold's pickup point"
_PICKUP_CODES = ("unknown_hold", "not_pickup_point")

AUTHORITY: dict[str, Authority] = {
    "point.initialised": Authority("the sender (ledger only)", (), ledger_only),
    "staff.added": Authority("the sender (ledger only)", (), ledger_only),
    "standards.activated": Authority("the sender (ledger only)", (), ledger_only),
    "reader.registered": Authority(
        "the home point it names; not a card another point registered",
        ("wrong_point", "duplicate_card"),
        registration,
    ),
    "reader.updated": Authority(_HOME, ("not_home_point",), home_point),
    "reader.blocked": Authority(_HOME, ("not_home_point",), home_point),
    "reader.unblocked": Authority(_HOME, ("not_home_point",), home_point),
    "reader.card_renewed": Authority(_HOME, ("not_home_point",), home_point),
    "title.added": Authority(
        "anyone: a new record, never a change to an existing title", (), anyone
    ),
    "item.added": Authority(
        "the owner it names; not a copy another point owns",
        ("wrong_point", "duplicate_item"),
        new_copy,
    ),
    "title.updated": Authority(
        "a point holding a copy of the title, or the hall", ("not_holding_point",), title_holder
    ),
    "item.status_changed": Authority(_HELD, ("not_holding_point",), copy_held),
    "inventory.finished": Authority("the sender, for its own shelves", (), own_rows),
    "transfer.created": Authority(
        "its from_point, owning or holding the copy, or sending it home to its owner",
        ("wrong_point", "not_holding_point"),
        transfer,
    ),
    "loan.checked_out": Authority(
        "anyone: the copy in the staff's hand is the truth (a clash is a double_loan)",
        (),
        anyone,
    ),
    "loan.checked_in": Authority("anyone: return anywhere (通借通还)", (), anyone),
    "loan.renewed": Authority(
        "the lending point or the reader's home point", ("not_lending_point",), renewal
    ),
    "visits.recorded": Authority("the sender, for its own counter", (), own_rows),
    "exception.resolved": Authority(
        "a point the exception names", ("unknown_exception",), named_point
    ),
    "duty.started": Authority("the point whose shift it is", ("wrong_point",), own_shift),
    "duty.ended": Authority("the point whose shift it is", ("wrong_point",), own_shift),
    "services.confirmed": Authority("the sender, for its own checklist", (), own_rows),
    "retention.applied": Authority("the sender, for its own loans", (), own_rows),
    "shipment.dispatched": Authority(
        "its from_point, owning or holding every copy in the box",
        ("wrong_point", "not_holding_point"),
        dispatch,
    ),
    "shipment.received": Authority(
        "the destination of a box the hub knows", ("wrong_point", "unknown_shipment"), receipt
    ),
    "activity.planned": Authority(
        "the sender, for its own calendar; not another point's activity",
        ("wrong_point",),
        new_activity,
    ),
    "activity.rescheduled": Authority(
        "the point that planned it", ("unknown_activity",), own_activity
    ),
    "activity.cancelled": Authority(
        "the point that planned it", ("unknown_activity",), own_activity
    ),
    "activity.closed": Authority("the point that planned it", ("unknown_activity",), own_activity),
    "volunteer.shift": Authority("the sender, for its own volunteers", (), own_rows),
    "fee.paid": Authority(_FEE, ("unknown_fee", "not_fee_point"), fee_point),
    "fee.waived": Authority(_FEE, ("unknown_fee", "not_fee_point"), fee_point),
    "loan.returned_unknown": Authority(
        "anyone: return anywhere (通借通还) of a copy the desk has never seen", (), anyone
    ),
    "loan.closed_lost": Authority(
        "the lending point or the reader's home point", ("not_lending_point",), renewal
    ),
    "hold.placed": Authority("anyone: any point, for any reader, for pickup anywhere", (), anyone),
    "hold.cancelled": Authority(_HOLD_PARTY, _HOLD_PARTY_CODES, hold_party),
    "hold.suspended": Authority(_HOLD_PARTY, _HOLD_PARTY_CODES, hold_party),
    "hold.pickup_changed": Authority(_HOLD_PARTY, _HOLD_PARTY_CODES, hold_party),
    "hold.captured": Authority(_HOLD_COPY, _HOLD_COPY_CODES, hold_copy),
    "hold.shelved": Authority(_PICKUP, _PICKUP_CODES, hold_pickup),
    "hold.filled": Authority(_PICKUP, _PICKUP_CODES, hold_pickup),
    "hold.not_found": Authority(_HOLD_COPY, _HOLD_COPY_CODES, hold_copy),
    "hold.expired": Authority(_PICKUP, _PICKUP_CODES, hold_pickup),
}


def check(ctx: BatchContext, e: EventEnvelope, p: Any) -> None:
    """Refuse the event if its sender may not emit it (``Rejected``); else return."""
    AUTHORITY[e.type].rule(ctx, e, p)
