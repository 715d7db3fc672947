"""Holds (预约): placing, changing and filling a reader's request at the desk.

Placing (:func:`place`) checks the package's rules here, offline: the card and title must be
known, the material type holdable, the reader under the limit and not holding the title
already; the hold is then *provisional* until the hub confirms it (a feed row), and the hub
alone decides which copy serves it (``hub/holds.py``). A point works its pull list
(:func:`pull_list`) by scanning: :func:`capture` sets the copy aside for the hold, for a box to
the pickup point or straight onto this point's hold shelf. A copy returned here that can fill
a hold this desk knows is captured by the check-in itself (:func:`on_return`). The pickup point
puts arrived copies on its hold shelf (:func:`shelve`), tells the reader at the next card scan
(:func:`ready_for`), lends the copy to that reader only (:func:`held_copy`, :func:`fill`) and
lets an uncollected one go (:func:`expire`). Life cycle and rules: docs/holds.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from ..common.isbn import normalise_isbn
from ..common.times import BEIJING
from ..errors import DeskError, one_of
from ..exports import write_tables
from ..models import Hold, Item, Point, Reader, Shipment, ShipmentLine, Title, Transfer
from ..models.holds import shelf_expired
from ..protocol.events import (
    HoldCancelled,
    HoldCaptured,
    HoldExpired,
    HoldFilled,
    HoldNotFound,
    HoldPickupChanged,
    HoldPlaced,
    HoldShelved,
    HoldSuspended,
)
from ..protocol.types import HOLD_ENDED
from .context import Ctx, new_uid, record
from .holdings import get_item
from .readers import get_reader
from .transfers import route_home, send_home

if TYPE_CHECKING:  # a type only: the feed's row models load with the sync that brings them
    from ..protocol.feed import HoldRow

#: a hold still in play (counts against the reader's limit)
ACTIVE = ("waiting", "captured", "on_shelf")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: every status (``errors.HOLD_STATUS`` names them)
STATUSES = (*ACTIVE, "filled", *HOLD_ENDED)


@dataclass(frozen=True)
class HoldView:
    uid: str
    card_no: str
    reader_type: str
    title_uid: str
    title: str
    isbn: str | None
    item: str | None  # a copy-level hold's copy
    placed_point: str
    pickup_point: str
    status: str
    reason: str | None
    priority: int
    placed_at: datetime
    lapse_on: date
    suspended_until: date | None
    target_item: str | None
    target_point: str | None
    captured_item: str | None
    captured_point: str | None
    shelf_expires_on: date | None
    ended_at: datetime | None
    provisional: bool  # placed here, the hub has not confirmed it yet


@dataclass(frozen=True)
class HoldSlip:
    """What a hold slip and the banners print: the reader shown masked (name, card tail)."""

    hold: HoldView
    barcode: str
    call_number: str
    masked_name: str
    card_tail: str
    to_point: str  # the pickup point
    to_name: str
    on_shelf: bool  # True: put it on this point's hold shelf; False: send it to ``to_point``
    shelf_expires_on: date | None
    transfer_uid: str | None  # the transfer the copy follows to the pickup point, if any


@dataclass(frozen=True)
class PullLine:
    """A copy on this point's pull list: fetch it from the shelf for a hold."""

    hold_uid: str
    barcode: str
    title: str
    call_number: str
    pickup_point: str
    placed_at: datetime
    priority: int


@dataclass(frozen=True)
class CallLine:
    """A reader to call: their copy waits on this point's hold shelf."""

    hold: HoldView
    name: str  # the full name for the librarian calling (empty for another point's reader)
    phone: str | None
    masked_name: str
    card_tail: str


def _view(h: Hold) -> HoldView:
    return HoldView(
        uid=h.uid,
        card_no=h.card_no,
        reader_type=h.reader_type,
        title_uid=h.title_uid,
        title=h.title,
        isbn=h.isbn,
        item=h.item,
        placed_point=h.placed_point,
        pickup_point=h.pickup_point,
        status=h.status,
        reason=h.reason,
        priority=h.priority,
        placed_at=h.placed_at,
        lapse_on=h.lapse_on,
        suspended_until=h.suspended_until,
        target_item=h.target_item,
        target_point=h.target_point,
        captured_item=h.captured_item,
        captured_point=h.captured_point,
        shelf_expires_on=h.shelf_expires_on,
        ended_at=h.ended_at,
        provisional=h.provisional,
    )


def mask_name(name: str) -> str:
    """``张三丰`` -> ``张**``: enough for the reader to recognise the slip, no more."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else "*"


def card_tail(card: str) -> str:
    return card[-4:]


# --- reading -----------------------------------------------------------------------------------
def _hold(s: Session, uid: str) -> Hold:
    ref = (uid or "").strip().lower()
    row = s.scalars(select(Hold).where(Hold.uid == ref)).one_or_none()
    if row is None and len(ref) >= 6:  # the short form printed on a slip
        rows = s.scalars(select(Hold).where(Hold.uid.startswith(ref, autoescape=True))).all()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise DeskError("unknown_hold", ref=ref[:40])
    return row


def get_hold(s: Session, ctx: Ctx, uid: str) -> HoldView:
    return _view(_hold(s, uid))


def reader_holds(s: Session, ctx: Ctx, card: str, active_only: bool = False) -> list[HoldView]:
    """A reader's holds this desk knows, newest first."""
    reader = get_reader(s, ctx, card)
    q = select(Hold).where(Hold.card_no == reader.card_no)
    if active_only:
        q = q.where(Hold.status.in_(ACTIVE))
    return [_view(h) for h in s.scalars(q.order_by(Hold.placed_at.desc(), Hold.id.desc()))]


def list_holds(s: Session, ctx: Ctx, status: str | None = None) -> list[HoldView]:
    """Every hold this desk knows (placed here, to collect here, pulled here...)."""
    q = select(Hold)
    if status is not None:
        if status not in STATUSES:
            raise DeskError("bad_input", detail=one_of("status", STATUSES), field="status")
        q = q.where(Hold.status == status)
    return [_view(h) for h in s.scalars(q.order_by(Hold.placed_at.desc(), Hold.id.desc()))]


#: built once: the account reads it at every card scan
_READY = (
    select(Hold)
    .where(Hold.card_no == bindparam("card"), Hold.status == "on_shelf")
    .order_by(Hold.shelf_expires_on)
)


def ready_for(s: Session, ctx: Ctx, card: str) -> list[HoldView]:
    """The reader's copies waiting on a hold shelf (told at their next card scan)."""
    rows = s.scalars(_READY, {"card": (card or "").strip().upper()})
    return [_view(h) for h in rows]


@dataclass(frozen=True)
class ReadyAt:
    """A pickup point where a copy waits for the reader, known only from the district's
    reader index (this desk does not know the hold: no title, no date)."""

    code: str
    name: str


def ready_elsewhere(s: Session, ctx: Ctx, card: str, codes: list[str]) -> list[ReadyAt]:
    """The pickup points the reader index names for the reader (``codes``, read with the
    reader at the scan), less those of the holds on a shelf this desk knows itself
    (:func:`ready_for` shows those in full): so any point, not only the ones a hold names,
    tells the reader at card scan (docs/holds.md)."""
    if not codes:
        return []
    ref = (card or "").strip().upper()
    known = set(
        s.scalars(select(Hold.pickup_point).where(Hold.card_no == ref, Hold.status == "on_shelf"))
    )
    names = dict(s.execute(select(Point.code, Point.name).where(Point.code.in_(codes))).all())
    return [ReadyAt(c, names.get(c, c)) for c in codes if c not in known]


def pull_list(s: Session, ctx: Ctx) -> list[PullLine]:
    """Copies the hub asked this point to fetch from its shelves, by call number."""
    today = ctx.today()
    rows = s.execute(
        select(Hold, Item.call_number, Title.title)
        .join(Item, Item.barcode == Hold.target_item)
        .join(Title, Title.id == Item.title_id)
        .where(
            Hold.target_point == ctx.point.code,
            Hold.status == "waiting",
            or_(Hold.suspended_until.is_(None), Hold.suspended_until <= today),
        )
        .order_by(Item.call_number, Hold.placed_at)
    ).all()
    return [
        PullLine(h.uid, h.target_item or "", title, call, h.pickup_point, h.placed_at, h.priority)
        for h, call, title in rows
    ]


def hold_shelf(s: Session, ctx: Ctx) -> list[CallLine]:
    """Copies on this point's hold shelf, the soonest to expire first, with whom to call."""
    rows = s.execute(
        select(Hold, Reader)
        .outerjoin(Reader, Reader.card_no == Hold.card_no)
        .where(Hold.pickup_point == ctx.point.code, Hold.status == "on_shelf")
        .order_by(Hold.shelf_expires_on, Hold.id)
    ).all()
    out = []
    for h, r in rows:
        name = r.name if r is not None and not r.index_only else ""
        out.append(
            CallLine(
                _view(h),
                name,
                r.phone if r is not None else None,
                mask_name(name),
                card_tail(h.card_no),
            )
        )
    return out


#: the exported lists' columns, in both languages like every export (exports.py)
PULL_HEADER = ("索书号 call number", "条码 barcode", "题名 title", "取书点 pickup point",
               "预约 hold", "优先 priority", "预约时间 placed at")  # fmt: skip
CALL_HEADER = ("保留至 keep until", "条码 barcode", "题名 title", "读者 reader",
               "读者证 card", "电话 phone", "预约 hold")  # fmt: skip


def export_lists(s: Session, ctx: Ctx, path: Path) -> Path:
    """The pull list and the list of readers to call, to .xlsx (two sheets) or .csv (one after
    the other): for a desk that works them on paper or by phone from another room."""
    pull = [
        (x.call_number, x.barcode, x.title, x.pickup_point, x.hold_uid[:8], x.priority,
         x.placed_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"))
        for x in pull_list(s, ctx)
    ]  # fmt: skip
    calls = [
        (
            x.hold.shelf_expires_on.isoformat() if x.hold.shelf_expires_on else "",
            x.hold.captured_item or "", x.hold.title, x.name or x.masked_name,
            x.hold.card_no, x.phone or "", x.hold.uid[:8],
        )
        for x in hold_shelf(s, ctx)
    ]  # fmt: skip
    return write_tables(
        path, {"取书单 pull list": (PULL_HEADER, pull), "待通知读者 to call": (CALL_HEADER, calls)}
    )


def incoming(s: Session, ctx: Ctx) -> list[HoldView]:
    """Holds to collect here whose copy is on its way (captured elsewhere)."""
    rows = s.scalars(
        select(Hold)
        .where(Hold.pickup_point == ctx.point.code, Hold.status == "captured")
        .order_by(Hold.placed_at)
    )
    return [_view(h) for h in rows]


# --- placing and changing ----------------------------------------------------------------------
@dataclass(frozen=True)
class _Wanted:
    uid: str
    title: str
    isbn: str | None  # the edition a hold asked for by ISBN is restricted to
    title_id: int | None  # the local record, if this desk has one


def _title(s: Session, ref: str, district_title: str | None) -> _Wanted:
    """A title by uid or by ISBN (which then restricts the hold to that edition). A title
    this desk has never held is accepted by uid when the caller found it in the district's
    union catalogue (``district_title``: the hit's title, shown on lists and slips)."""
    raw = (ref or "").strip()
    t = s.scalars(select(Title).where(Title.uid == raw.lower())).one_or_none()
    if t is not None:
        return _Wanted(t.uid, t.title, None, t.id)
    isbn = normalise_isbn(raw)
    if isbn is not None:
        t = s.scalars(select(Title).where(Title.isbn == isbn).order_by(Title.id)).first()
        if t is not None:
            return _Wanted(t.uid, t.title, isbn, t.id)
    text = (district_title or "").strip()
    if text and _UUID.fullmatch(raw.lower()):
        return _Wanted(raw.lower(), text[:500], None, None)
    raise DeskError("unknown_title", ref=raw[:40])


def _check_holdable(ctx: Ctx, types: set[str]) -> None:
    """Every copy known must be of a holdable, loanable type (one of them suffices)."""
    rules = ctx.policy.package.service.holds
    if not types:
        return  # no copy known here: the hub targets only what it may
    allowed = {
        t
        for t in types
        if t in ctx.policy.material_types
        and ctx.policy.material_types[t].loanable
        and (not rules.holdable_material_types or t in rules.holdable_material_types)
    }
    if not allowed:
        mtype = ctx.policy.material_type(sorted(types)[0])
        raise DeskError(
            "not_holdable", material=mtype.code, names={mtype.code: (mtype.name_zh, mtype.name_en)}
        )


def place(
    s: Session,
    ctx: Ctx,
    card: str,
    title: str | None = None,
    *,
    barcode: str | None = None,
    pickup: str | None = None,
    district_title: str | None = None,
) -> HoldView:
    """A hold on a title (uid, or ISBN: that edition only) or on one copy (``barcode``), to
    collect at ``pickup`` (this point if none). Refused, with nothing queued, for an unknown
    card, title or point, a non-holdable type, past the reader's limit, or twice."""
    reader = get_reader(s, ctx, card)
    item: Item | None = None
    isbn: str | None = None
    if barcode:
        item = get_item(s, ctx, barcode)
        t = _Wanted(item.title.uid, item.title.title, None, item.title_id)
        types = {item.material_type}
    else:
        t = _title(s, title or "", district_title)
        isbn = t.isbn
        types = set(s.scalars(select(Item.material_type).where(Item.title_id == t.title_id)))
    _check_holdable(ctx, types)
    rules = ctx.policy.package.service.holds
    same = s.scalars(
        select(Hold).where(
            Hold.card_no == reader.card_no, Hold.title_uid == t.uid, Hold.status.in_(ACTIVE)
        )
    ).first()
    if same is not None:
        raise DeskError("hold_duplicate", title=t.title[:60], ref=same.uid[:8])
    count = s.scalar(
        select(func.count()).where(Hold.card_no == reader.card_no, Hold.status.in_(ACTIVE))
    )
    limit = rules.limit(reader.reader_type)
    if (count or 0) >= limit:
        raise DeskError("hold_limit_reached", limit=limit, count=count or 0)
    point = _point(s, pickup or ctx.point.code)
    now, today = ctx.now(), ctx.today()
    h = Hold(
        uid=new_uid(),
        card_no=reader.card_no,
        reader_type=reader.reader_type,
        title_uid=t.uid,
        title=t.title[:500],
        isbn=isbn,
        item=item.barcode if item is not None else None,
        placed_point=ctx.point.code,
        pickup_point=point.code,
        status="waiting",
        priority=priority(ctx, reader.reader_type),
        placed_at=now,
        lapse_on=today + timedelta(days=rules.lapse_days),
        provisional=True,
        staff_code=ctx.actor.staff_code,
    )
    s.add(h)
    s.flush()
    record(
        s,
        ctx,
        "hold.placed",
        HoldPlaced(
            uid=h.uid,
            card_no=h.card_no,
            title_uid=h.title_uid,
            isbn=isbn,
            item=h.item,
            pickup_point=h.pickup_point,
            placed_at=now,
            lapse_on=h.lapse_on,
        ),
        target=h.uid,
        detail=f"{h.card_no} {h.item or h.title_uid} → {h.pickup_point}",
    )
    return _view(h)


def priority(ctx: Ctx, reader_type: str) -> int:
    """1 for the package's special groups (served first), else 0; the hub decides the same."""
    return 1 if reader_type in ctx.policy.package.service.holds.priority_reader_types else 0


def _point(s: Session, code: str) -> Point:
    ref = (code or "").strip().upper()
    p = s.scalars(select(Point).where(Point.code == ref)).one_or_none()
    if p is None:
        raise DeskError("unknown_point", code=ref[:40])
    return p


def _active(s: Session, uid: str) -> Hold:
    h = _hold(s, uid)
    if h.status not in ACTIVE:
        raise DeskError("hold_not_active", ref=h.uid[:8], status=h.status)
    return h


def _waiting(s: Session, uid: str) -> Hold:
    h = _active(s, uid)
    if h.status != "waiting":
        raise DeskError("hold_not_waiting", ref=h.uid[:8])
    return h


def cancel(s: Session, ctx: Ctx, uid: str, reason: str = "reader") -> HoldView:
    """The reader no longer wants it. A copy already set aside goes back into circulation
    (the hub gives it to the next hold or sends it home)."""
    h = _active(s, uid)
    h.status, h.reason, h.ended_at = "cancelled", reason, ctx.now()
    record(s, ctx, "hold.cancelled", HoldCancelled(uid=h.uid, reason=reason), target=h.uid)
    return _view(h)


def suspend(s: Session, ctx: Ctx, uid: str, until: date | None) -> HoldView:
    """Not to be served before ``until`` (the reader is away); ``None`` resumes it now."""
    h = _waiting(s, uid)
    if until is not None and until <= ctx.today():
        raise DeskError("suspend_in_past", until=until.isoformat())
    h.suspended_until = until
    record(
        s,
        ctx,
        "hold.suspended",
        HoldSuspended(uid=h.uid, until=until),
        target=h.uid,
        detail=until.isoformat() if until else "resumed",
    )
    return _view(h)


def change_pickup(s: Session, ctx: Ctx, uid: str, pickup: str) -> HoldView:
    h = _waiting(s, uid)
    point = _point(s, pickup)
    h.pickup_point = point.code
    record(
        s,
        ctx,
        "hold.pickup_changed",
        HoldPickupChanged(uid=h.uid, pickup_point=point.code),
        target=h.uid,
        detail=point.code,
    )
    return _view(h)


# --- capturing a copy --------------------------------------------------------------------------
def _fillable(s: Session, ctx: Ctx, item: Item) -> list[Hold]:
    """Waiting holds this copy could serve, in queue order: the one the hub aimed at this very
    copy first, then copy-level holds on it, then the title's queue (special groups first)."""
    today = ctx.today()
    title = item.title
    rows = s.scalars(
        select(Hold).where(
            Hold.status == "waiting",
            or_(Hold.suspended_until.is_(None), Hold.suspended_until <= today),
            or_(
                Hold.target_item == item.barcode,
                Hold.item == item.barcode,
                (Hold.title_uid == title.uid) & Hold.item.is_(None),
            ),
        )
    ).all()
    fit = [h for h in rows if h.isbn is None or h.isbn == title.isbn or h.item == item.barcode]
    # aimed here first, then queue order (special groups first, first come first served)
    fit.sort(key=lambda h: (h.target_item != item.barcode, -h.priority, h.placed_at, h.id))
    return fit


def _capture(s: Session, ctx: Ctx, h: Hold, item: Item, transfer: Transfer | None) -> HoldSlip:
    """Set ``item`` aside for ``h``: on this point's hold shelf if it is the pickup point,
    else for a box to it (a return transfer the copy was following now leads there)."""
    here = h.pickup_point == ctx.point.code
    rules = ctx.policy.package.service.holds
    h.status = "on_shelf" if here else "captured"
    h.captured_item, h.captured_point = item.barcode, ctx.point.code
    h.target_item = h.target_point = None
    h.shelf_expires_on = ctx.today() + timedelta(days=rules.pickup_days) if here else None
    if transfer is not None:
        if here:
            transfer.status, transfer.received_at = "received", ctx.now()
            item.status = "available"
        else:
            transfer.to_point_id = _point(s, h.pickup_point).id
    record(
        s,
        ctx,
        "hold.captured",
        HoldCaptured(
            uid=h.uid,
            item=item.barcode,
            transfer_uid=transfer.uid if transfer is not None else None,
            shelf_expires_on=h.shelf_expires_on,
        ),
        target=h.uid,
        detail=f"{item.barcode} → {h.pickup_point}",
    )
    return _slip(s, h, item, transfer)


def _slip(s: Session, h: Hold, item: Item, transfer: Transfer | None) -> HoldSlip:
    reader = s.scalars(select(Reader).where(Reader.card_no == h.card_no)).one_or_none()
    pickup = s.scalars(select(Point).where(Point.code == h.pickup_point)).one_or_none()
    return HoldSlip(
        hold=_view(h),
        barcode=item.barcode,
        call_number=item.call_number,
        masked_name=mask_name(reader.name if reader is not None else ""),
        card_tail=card_tail(h.card_no),
        to_point=h.pickup_point,
        to_name=pickup.name if pickup is not None else h.pickup_point,
        on_shelf=h.status == "on_shelf",
        shelf_expires_on=h.shelf_expires_on,
        transfer_uid=transfer.uid if transfer is not None else None,
    )


def _pending_transfer(s: Session, ctx: Ctx, item: Item) -> Transfer | None:
    return s.scalars(
        select(Transfer).where(
            Transfer.item_id == item.id,
            Transfer.from_point_id == ctx.point.id,
            Transfer.status == "pending",
        )
    ).first()


def capture(s: Session, ctx: Ctx, barcode: str) -> HoldSlip:
    """A copy scanned from the pull list (or any copy on this shelf a waiting hold can use):
    set aside for the first hold it serves. The slip says where it goes."""
    item = get_item(s, ctx, barcode)
    if item.location_point_id != ctx.point.id or item.status not in ("available", "in_transit"):
        raise DeskError("hold_copy_not_here", barcode=item.barcode, status=item.status)
    if held_copy(s, item.barcode) is not None:
        raise DeskError("no_hold_for_item", barcode=item.barcode)
    holds = _fillable(s, ctx, item)
    if not holds:
        raise DeskError("no_hold_for_item", barcode=item.barcode)
    return _capture(s, ctx, holds[0], item, _pending_transfer(s, ctx, item))


def on_return(s: Session, ctx: Ctx, barcode: str) -> HoldSlip | None:
    """Called by the check-in, in its transaction: a returned copy that can fill a waiting
    hold known here is captured for it (``hold.captured`` follows ``loan.checked_in``)."""
    item = s.scalars(select(Item).where(Item.barcode == barcode)).one()
    holds = _fillable(s, ctx, item)
    if not holds:
        return None
    return _capture(s, ctx, holds[0], item, _pending_transfer(s, ctx, item))


def not_found(s: Session, ctx: Ctx, uid: str) -> HoldView:
    """The pulled copy is not on the shelf: the hub is told and looks for another."""
    h = _waiting(s, uid)
    if h.target_point != ctx.point.code or h.target_item is None:
        raise DeskError("no_hold_for_item", barcode=h.target_item or "—")
    bc = h.target_item
    h.target_item = h.target_point = None
    record(s, ctx, "hold.not_found", HoldNotFound(uid=h.uid, item=bc), target=h.uid, detail=bc)
    return _view(h)


# --- at the pickup point ----------------------------------------------------------------------
def shelve(s: Session, ctx: Ctx, barcode: str) -> HoldSlip:
    """A held copy arrived here (from its box): onto the hold shelf until the pickup date."""
    item = get_item(s, ctx, barcode)
    h = s.scalars(
        select(Hold).where(
            Hold.captured_item == item.barcode,
            Hold.status == "captured",
            Hold.pickup_point == ctx.point.code,
        )
    ).first()
    if h is None:
        raise DeskError("hold_not_for_shelf", barcode=item.barcode)
    if item.location_point_id != ctx.point.id or item.status not in ("available", "in_transit"):
        raise DeskError("hold_copy_not_here", barcode=item.barcode, status=item.status)
    rules = ctx.policy.package.service.holds
    h.status = "on_shelf"
    h.shelf_expires_on = ctx.today() + timedelta(days=rules.pickup_days)
    item.status = "available"
    record(
        s,
        ctx,
        "hold.shelved",
        HoldShelved(uid=h.uid, item=item.barcode, shelf_expires_on=h.shelf_expires_on),
        target=h.uid,
        detail=f"{item.barcode} until {h.shelf_expires_on}",
    )
    return _slip(s, h, item, None)


#: built once: the check-out asks at every scan
_HELD = select(Hold).where(
    Hold.captured_item == bindparam("barcode"), Hold.status.in_(("captured", "on_shelf"))
)


def held_copy(s: Session, barcode: str) -> HoldView | None:
    """The hold a copy is set aside for (captured or on a hold shelf), if any: the check-out
    lends it to that reader only."""
    h = s.scalars(_HELD, {"barcode": barcode}).first()
    return _view(h) if h is not None else None


def on_check_out(s: Session, ctx: Ctx, uid: str, card: str, loan_uid: str) -> None:
    """Called by the check-out, in its transaction, after lending a held copy: to its reader
    it fills the hold (``hold.filled`` follows ``loan.checked_out``); lent to another reader
    (a librarian's override) the hold waits again for another copy (the hub sees the loan)."""
    h = _hold(s, uid)
    if h.card_no == card:
        fill(s, ctx, h, loan_uid)
    else:
        h.status, h.captured_item, h.captured_point, h.shelf_expires_on = (
            "waiting",
            None,
            None,
            None,
        )


def fill(s: Session, ctx: Ctx, h: Hold, loan_uid: str) -> None:
    item = h.captured_item or ""
    h.status, h.ended_at = "filled", ctx.now()
    record(
        s,
        ctx,
        "hold.filled",
        HoldFilled(uid=h.uid, item=item, loan_uid=loan_uid),
        target=h.uid,
        detail=item,
    )


def expiring(s: Session, ctx: Ctx) -> list[HoldView]:
    """Holds on this shelf past their pickup date."""
    return [_view(h) for h in s.scalars(shelf_expired(ctx.point.code, ctx.today()))]


def expire(s: Session, ctx: Ctx, uid: str) -> HoldSlip | None:
    """Not collected: the hold ends; the copy goes to the next hold it can serve (its slip is
    returned), or home if it belongs elsewhere, or back on this point's shelf."""
    h = _active(s, uid)
    if h.status != "on_shelf" or h.pickup_point != ctx.point.code:
        raise DeskError("hold_not_for_shelf", barcode=h.captured_item or "—")
    item = s.scalars(select(Item).where(Item.barcode == h.captured_item)).one()
    h.status, h.ended_at = "expired", ctx.now()
    s.flush()
    nxt = _fillable(s, ctx, item)
    transfer: Transfer | None = None
    route: Point | None = None
    if nxt:
        nh = nxt[0]
        slip: HoldSlip | None = None
        here = nh.pickup_point == ctx.point.code
        nh.status = "on_shelf" if here else "captured"
        nh.captured_item, nh.captured_point = item.barcode, ctx.point.code
        nh.target_item = nh.target_point = None
        days = ctx.policy.package.service.holds.pickup_days
        nh.shelf_expires_on = ctx.today() + timedelta(days=days) if here else None
        slip = _slip(s, nh, item, None)
    else:
        slip = None
        if item.owner_point_id != ctx.point.id:
            transfer, route = route_home(s, ctx, item)
    record(
        s,
        ctx,
        "hold.expired",
        HoldExpired(
            uid=h.uid,
            item=item.barcode,
            next_uid=nxt[0].uid if nxt else None,
            transfer_uid=transfer.uid if transfer is not None else None,
            route_to=route.code if route is not None else None,
        ),
        target=h.uid,
        detail=item.barcode,
    )
    return slip


def trip_ended(s: Session, ctx: Ctx, barcode: str, box: Shipment) -> Hold | None:
    """The hold this copy came in ``box`` for, if it ended while the copy travelled: the last
    hold that captured the copy is one to collect here, set aside by the box's sender, ended
    before it was ever shelved, and this point has not taken the copy in since it ended (so an
    ordinary box bringing it later moves it here as any distribution does)."""
    h = s.scalars(
        select(Hold)
        .where(Hold.captured_item == barcode)
        .order_by(Hold.placed_at.desc(), Hold.id.desc())
    ).first()
    if (
        h is None
        or h.status not in HOLD_ENDED
        or h.ended_at is None
        or h.shelf_expires_on is not None
        or h.pickup_point != ctx.point.code
    ):
        return None
    sender = s.get_one(Point, box.from_point_id)
    if h.captured_point != sender.code:
        return None
    since = s.scalar(
        select(ShipmentLine.id)
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .where(
            ShipmentLine.barcode == barcode,
            Shipment.to_point_id == ctx.point.id,
            Shipment.id != box.id,
            ShipmentLine.outcome.in_(("received", "extra")),
            ShipmentLine.scanned_at >= h.ended_at,
        )
        .limit(1)
    )
    return h if since is None else None


def after_trip(s: Session, ctx: Ctx, item: Item) -> HoldSlip | None:
    """A copy received here for a hold that ended on the way (:func:`trip_ended`; the
    receipt calls this once the box is closed): it is not this point's. It goes to the next
    hold this point knows for it (captured: its slip is returned), else home to its owner
    (``transfer.created``), as an expired hold's copy does."""
    if item.location_point_id != ctx.point.id or item.status != "available":
        return None  # damaged, or lent since it was scanned: it stays in the staff's hands
    nxt = _fillable(s, ctx, item)
    if nxt:
        return _capture(s, ctx, nxt[0], item, None)
    if item.owner_point_id != ctx.point.id:
        send_home(s, ctx, item, "hold ended on the way")
    return None


def expire_due(s: Session, ctx: Ctx) -> list[str]:
    """Every copy on this shelf past its pickup date released (:func:`expire`), in one
    transaction; the desk runs it at opening and before each sync (``Desk.release_expired_holds``)
    so the hold shelf list is true offline. Returns the holds expired."""
    due = expiring(s, ctx)
    for v in due:
        expire(s, ctx, v.uid)
    return [v.uid for v in due]


# --- from the hub ------------------------------------------------------------------------------
def apply_hub_row(s: Session, d: HoldRow) -> None:
    """A ``hold`` row of the change feed: the hub's view replaces ours (the sync skips rows
    about holds this desk changed and has not delivered yet)."""
    h = s.scalars(select(Hold).where(Hold.uid == d.uid)).one_or_none()
    if h is None:
        h = Hold(uid=d.uid, staff_code="")
        s.add(h)
    h.card_no, h.reader_type, h.title_uid = d.card_no, d.reader_type, d.title_uid
    h.title = d.title or h.title or ""
    h.isbn, h.item = d.isbn, d.item
    h.placed_point, h.pickup_point = d.placed_point, d.pickup_point
    h.status, h.reason, h.priority = d.status, d.reason, d.priority
    h.placed_at, h.lapse_on, h.suspended_until = d.placed_at, d.lapse_on, d.suspended_until
    h.target_item, h.target_point = d.target_item, d.target_point
    h.captured_item, h.captured_point = d.captured_item, d.captured_point
    h.shelf_expires_on, h.ended_at = d.shelf_expires_on, d.ended_at
    h.provisional = False
    s.flush()


# --- numbers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class HoldFigures:
    """Holds to collect at this point in a period: placed, filled, lapsed, expired, and the
    median days from placing to filling (``None`` without a filled hold)."""

    placed: int
    filled: int
    lapsed: int
    expired: int
    median_days_to_fill: float | None


def figures(s: Session, ctx: Ctx, start: datetime, end: datetime) -> HoldFigures:
    rows = s.execute(
        select(Hold.status, Hold.placed_at, Hold.ended_at).where(
            Hold.pickup_point == ctx.point.code,
            or_(
                (Hold.placed_at >= start) & (Hold.placed_at < end),
                (Hold.ended_at >= start) & (Hold.ended_at < end),
            ),
        )
    ).all()
    placed = sum(1 for _, at, _e in rows if start <= at < end)
    ended = [(st, at, e) for st, at, e in rows if e is not None and start <= e < end]
    days = sorted((e - at).total_seconds() / 86400 for st, at, e in ended if st == "filled")
    n = len(days)
    median = (
        None
        if not n
        else round(days[n // 2] if n % 2 else (days[n // 2 - 1] + days[n // 2]) / 2, 1)
    )
    return HoldFigures(
        placed,
        sum(1 for st, _a, _e in ended if st == "filled"),
        sum(1 for st, _a, _e in ended if st == "lapsed"),
        sum(1 for st, _a, _e in ended if st == "expired"),
        median,
    )
