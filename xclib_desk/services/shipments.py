"""Shipments (配送): one flow for distribution, return shipments and return-anywhere transfers.

Sending point: :func:`new_shipment` for a destination -> :func:`add_item` per scanned barcode (or
:func:`add_list` from a file, :func:`add_waiting` for the transfers waiting here for that
destination) -> :func:`dispatch` (``shipment.dispatched``: the copies are in transit). Packing is
a working note of this desk (no event): nothing shared changes until the box leaves.

Receiving point: the box arrives through the change feed (:func:`apply_hub_row`) -> :func:`scan`
each copy out of the box (each scan its own transaction; the copy is available here at once)
-> :func:`mark_damaged` with a note -> :func:`finish_receipt` (unscanned copies are missing;
``shipment.received`` carries received/missing/extra/damaged; the hub raises an exception at
both ends for every problem copy).

A received copy belongs to the destination from then on (its owner becomes the receiving
point): distribution moves holdings, and a copy returned home is home already. Except a copy
travelling to fill a hold to collect here: it keeps its owner; and if that hold ended on the way,
the finished receipt sends it on, to the next hold known here or home (docs/holds.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ..errors import DeskError, one_of
from ..input_checks import clean_text
from ..models import Hold, Item, Point, Shipment, ShipmentLine, Title, Transfer
from ..protocol.events import DamagedCopy, ShipmentDispatched, ShipmentReceived
from ..protocol.feed import ShipmentRow
from . import holds
from .context import Ctx, new_uid, record
from .holdings import get_item

#: a copy in one of these boxes cannot be packed again
OPEN = ("open", "dispatched")
#: a box's life: packed, sent, taken in (or given up); ``errors.SHIPMENT_STATUS`` names them
STATUSES = ("open", "dispatched", "received", "cancelled")


@dataclass(frozen=True)
class ShipmentLineView:
    barcode: str
    title: str
    call_number: str
    outcome: str  # packed | received | missing | extra
    damaged: bool
    note: str | None
    transfer_uid: str | None
    scanned_at: datetime | None


@dataclass(frozen=True)
class ShipmentView:
    uid: str
    direction: str  # out (sent by this point) | in (addressed to this point)
    from_point: str
    from_name: str
    to_point: str
    to_name: str
    status: str  # open | dispatched | received | cancelled
    staff_code: str
    note: str
    created_at: datetime
    dispatched_at: datetime | None
    received_at: datetime | None
    items: int  # copies listed in the box (extras not counted)
    received: int
    missing: int
    extra: int
    damaged: int
    lines: tuple[ShipmentLineView, ...] = ()  # filled by get_shipment only


@dataclass(frozen=True)
class ScanResult:
    barcode: str
    outcome: str  # received | extra
    title: str
    repeated: bool  # scanned before in this receipt
    left: int  # listed copies not scanned yet
    #: it came for a hold that ended on the way: it does not stay (``holds.after_trip`` at the
    #: end of the receipt sends it to the next hold, or home)
    hold_ended: bool = False


@dataclass(frozen=True)
class ListResult:
    """Packing from a list: the copies added, and each refused line with its reason."""

    added: tuple[str, ...]
    refused: tuple[tuple[str, str, str], ...]  # barcode, error code, message


@dataclass(frozen=True)
class WaitingTransfer:
    """A copy at this point that must travel to another point (returned here, found here)."""

    uid: str
    barcode: str
    title: str
    to_point: str
    reason: str
    created_at: datetime
    shipment: str | None  # the open box it is packed in, if any


# --- reading -----------------------------------------------------------------------------------
def _shipment(s: Session, ctx: Ctx, uid: str) -> Shipment:
    ref = (uid or "").strip()
    row = s.scalars(select(Shipment).where(Shipment.uid == ref)).one_or_none()
    if row is None and len(ref) >= 6:  # the short form printed on a box label
        rows = s.scalars(
            select(Shipment).where(Shipment.uid.startswith(ref.lower(), autoescape=True))
        ).all()
        row = rows[0] if len(rows) == 1 else None
    if row is None or ctx.point.id not in (row.from_point_id, row.to_point_id):
        raise DeskError("unknown_shipment", ref=ref[:40])
    return row


_OUTCOME = (ShipmentLine.shipment_id, ShipmentLine.outcome, ShipmentLine.damaged)


def _counts(s: Session, ids: list[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {i: {} for i in ids}
    for i in range(0, len(ids), 500):
        for sid, outcome, damaged, n in s.execute(
            select(*_OUTCOME, func.count())
            .where(ShipmentLine.shipment_id.in_(ids[i : i + 500]))
            .group_by(*_OUTCOME)
        ):
            c = out[sid]
            c[outcome] = c.get(outcome, 0) + n
            if damaged:
                c["damaged"] = c.get("damaged", 0) + n
    return out


def _views(s: Session, ctx: Ctx, rows: list[Shipment]) -> list[ShipmentView]:
    points = {p.id: p for p in s.scalars(select(Point))}
    counts = _counts(s, [r.id for r in rows])
    out = []
    for r in rows:
        c = counts[r.id]
        a, b = points[r.from_point_id], points[r.to_point_id]
        out.append(
            ShipmentView(
                uid=r.uid,
                direction="out" if r.from_point_id == ctx.point.id else "in",
                from_point=a.code,
                from_name=a.name,
                to_point=b.code,
                to_name=b.name,
                status=r.status,
                staff_code=r.staff_code,
                note=r.note,
                created_at=r.created_at,
                dispatched_at=r.dispatched_at,
                received_at=r.received_at,
                items=sum(c.get(k, 0) for k in ("packed", "received", "missing")),
                received=c.get("received", 0),
                missing=c.get("missing", 0),
                extra=c.get("extra", 0),
                damaged=c.get("damaged", 0),
            )
        )
    return out


def _lines(s: Session, row: Shipment) -> tuple[ShipmentLineView, ...]:
    rows = s.execute(
        select(ShipmentLine, Item.call_number, Title.title)
        .outerjoin(Item, Item.barcode == ShipmentLine.barcode)
        .outerjoin(Title, Title.id == Item.title_id)
        .where(ShipmentLine.shipment_id == row.id)
        .order_by(ShipmentLine.id)
    ).all()
    return tuple(
        ShipmentLineView(
            ln.barcode,
            title or "",
            call or "",
            ln.outcome,
            ln.damaged,
            ln.note,
            ln.transfer_uid,
            ln.scanned_at,
        )
        for ln, call, title in rows
    )


def get_shipment(s: Session, ctx: Ctx, uid: str) -> ShipmentView:
    """One box with its lines (what the label and the receiving screen show)."""
    row = _shipment(s, ctx, uid)
    [view] = _views(s, ctx, [row])
    return _with_lines(view, _lines(s, row))


def _with_lines(view: ShipmentView, lines: tuple[ShipmentLineView, ...]) -> ShipmentView:
    return replace(view, lines=lines)


def list_shipments(
    s: Session, ctx: Ctx, direction: str | None = None, status: str | None = None
) -> list[ShipmentView]:
    """This point's boxes, newest first: ``direction`` out|in, ``status`` one of STATUSES."""
    me = ctx.point.id
    q = select(Shipment)
    if direction == "out":
        q = q.where(Shipment.from_point_id == me)
    elif direction == "in":
        q = q.where(Shipment.to_point_id == me)
    elif direction is None:
        q = q.where((Shipment.from_point_id == me) | (Shipment.to_point_id == me))
    else:
        raise DeskError("bad_input", detail=one_of("direction", ("out", "in")), field="direction")
    if status is not None:
        if status not in STATUSES:
            raise DeskError("bad_input", detail=one_of("status", STATUSES), field="status")
        q = q.where(Shipment.status == status)
    rows = list(s.scalars(q.order_by(Shipment.created_at.desc(), Shipment.id.desc())))
    return _views(s, ctx, rows)


def incoming(s: Session, ctx: Ctx) -> list[ShipmentView]:
    """Boxes on their way to this point (to receive)."""
    return list_shipments(s, ctx, "in", "dispatched")


def waiting_transfers(s: Session, ctx: Ctx) -> list[WaitingTransfer]:
    """Copies at this point waiting to travel (returned here from elsewhere, found here)."""
    dst = aliased(Point)
    rows = s.execute(
        select(Transfer, Item.barcode, Title.title, dst.code)
        .join(Item, Item.id == Transfer.item_id)
        .join(Title, Title.id == Item.title_id)
        .join(dst, dst.id == Transfer.to_point_id)
        .where(Transfer.from_point_id == ctx.point.id, Transfer.status == "pending")
        .order_by(dst.code, Transfer.created_at)
    ).all()
    packed = dict(
        s.execute(
            select(ShipmentLine.transfer_uid, Shipment.uid)
            .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
            .where(Shipment.status == "open", ShipmentLine.transfer_uid.is_not(None))
        ).all()
    )
    return [
        WaitingTransfer(t.uid, bc, title, to, t.reason, t.created_at, packed.get(t.uid))
        for t, bc, title, to in rows
    ]


# --- packing -----------------------------------------------------------------------------------
def new_shipment(s: Session, ctx: Ctx, to_point: str, note: str | None = None) -> ShipmentView:
    """Open an empty box for a destination point this desk knows (points come with the sync)."""
    code = (to_point or "").strip().upper()
    dest = s.scalars(select(Point).where(Point.code == code)).one_or_none()
    if dest is None:
        raise DeskError("unknown_point", code=code[:40])
    if dest.id == ctx.point.id:
        raise DeskError("shipment_same_point")
    row = Shipment(
        uid=new_uid(),
        from_point_id=ctx.point.id,
        to_point_id=dest.id,
        status="open",
        staff_code=ctx.actor.staff_code,
        note=clean_text(note, field="shipment_note", max_len=300, required=False) or "",
        created_at=ctx.now(),
    )
    s.add(row)
    s.flush()
    [view] = _views(s, ctx, [row])
    return view


def _open_box(s: Session, ctx: Ctx, uid: str) -> Shipment:
    row = _shipment(s, ctx, uid)
    if row.status != "open" or row.from_point_id != ctx.point.id:
        status = "packed_elsewhere" if row.status == "open" else row.status
        raise DeskError("shipment_not_open", ref=row.uid[:8], status=status)
    return row


def _check_packable(s: Session, ctx: Ctx, box: Shipment, item: Item) -> str | None:
    """Refuse a copy that cannot travel in this box; returns the transfer it fulfils, if any."""
    if item.status == "on_loan":
        _refuse_status(item)
    receiving = s.scalars(
        select(Shipment.uid)
        .join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
        .where(
            ShipmentLine.barcode == item.barcode,
            ShipmentLine.outcome != "packed",
            Shipment.status == "dispatched",
            Shipment.to_point_id == ctx.point.id,
        )
    ).first()
    if receiving is not None:
        # the receipt (sent when finished) would put the copy back on this shelf at the hub,
        # after this box's dispatch: it would be "available here" while on its way elsewhere
        raise DeskError(
            "item_not_shippable",
            barcode=item.barcode,
            status="being_received",
            ref=receiving[:8],
        )
    if item.location_point_id != ctx.point.id:
        where = s.get_one(Point, item.location_point_id)
        raise DeskError("item_not_here", barcode=item.barcode, location=where.code)
    other = s.execute(
        select(Shipment.uid, Point.code)
        .join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
        .join(Point, Point.id == Shipment.to_point_id)
        .where(
            ShipmentLine.item_id == item.id,
            ShipmentLine.outcome == "packed",
            Shipment.status.in_(OPEN),
            Shipment.id != box.id,
        )
    ).first()
    if other is not None:
        raise DeskError("item_in_shipment", barcode=item.barcode, ref=other[0][:8], to=other[1])
    waiting = s.execute(
        select(Transfer.uid, Transfer.to_point_id).where(
            Transfer.item_id == item.id,
            Transfer.from_point_id == ctx.point.id,
            Transfer.status == "pending",
        )
    ).first()
    if waiting is not None:
        if waiting[1] != box.to_point_id:
            route = s.get_one(Point, waiting[1])
            raise DeskError("item_routed_elsewhere", barcode=item.barcode, route=route.code)
        return waiting[0]
    if item.status != "available":
        _refuse_status(item)
    if item.owner_point_id not in (ctx.point.id, box.to_point_id):
        owner = s.get_one(Point, item.owner_point_id)
        raise DeskError("item_not_ours", barcode=item.barcode, owner=owner.code)
    return None


def _refuse_status(item: Item) -> None:
    raise DeskError("item_not_shippable", barcode=item.barcode, status=item.status)


def add_item(s: Session, ctx: Ctx, uid: str, barcode: str) -> ShipmentLineView:
    """Pack one scanned copy; packing the same copy again changes nothing."""
    box = _open_box(s, ctx, uid)
    code = ctx.policy.item(barcode)
    item = s.scalars(select(Item).where(Item.barcode == code)).one_or_none()
    if item is None:
        raise DeskError("unknown_item", barcode=code)
    line = s.scalars(
        select(ShipmentLine).where(ShipmentLine.shipment_id == box.id, ShipmentLine.barcode == code)
    ).one_or_none()
    if line is None:
        transfer = _check_packable(s, ctx, box, item)
        line = ShipmentLine(
            shipment_id=box.id,
            barcode=code,
            item_id=item.id,
            transfer_uid=transfer,
            outcome="packed",
            damaged=False,
        )
        s.add(line)
        s.flush()
    return ShipmentLineView(
        code, item.title.title, item.call_number, "packed", False, None, line.transfer_uid, None
    )


def add_list(s: Session, ctx: Ctx, uid: str, barcodes: list[str]) -> ListResult:
    """Pack every listed copy that can go; each refused line is reported and changes nothing."""
    _open_box(s, ctx, uid)
    added: list[str] = []
    refused: list[tuple[str, str, str]] = []
    for raw in barcodes:
        if not raw.strip():
            continue
        try:
            with s.begin_nested():
                added.append(add_item(s, ctx, uid, raw).barcode)
        except DeskError as e:
            refused.append((raw.strip()[:64], e.code, e.message()))
    return ListResult(tuple(added), tuple(refused))


def add_waiting(s: Session, ctx: Ctx, uid: str) -> list[str]:
    """Pack every copy waiting here to travel to this box's destination (return shipments)."""
    box = _open_box(s, ctx, uid)
    rows = s.scalars(
        select(Item.barcode)
        .join(Transfer, Transfer.item_id == Item.id)
        .where(
            Transfer.from_point_id == ctx.point.id,
            Transfer.to_point_id == box.to_point_id,
            Transfer.status == "pending",
            Item.location_point_id == ctx.point.id,
        )
        .order_by(Transfer.created_at)
    ).all()
    return list(add_list(s, ctx, uid, list(rows)).added)


def remove_item(s: Session, ctx: Ctx, uid: str, barcode: str) -> None:
    box = _open_box(s, ctx, uid)
    code = ctx.policy.item(barcode)
    line = s.scalars(
        select(ShipmentLine).where(ShipmentLine.shipment_id == box.id, ShipmentLine.barcode == code)
    ).one_or_none()
    if line is None:
        raise DeskError("not_in_shipment", barcode=code, ref=box.uid[:8])
    s.delete(line)


def cancel(s: Session, ctx: Ctx, uid: str) -> ShipmentView:
    """Give up a box before it leaves: its copies stay where they are, free to pack again."""
    box = _open_box(s, ctx, uid)
    box.status = "cancelled"
    s.flush()
    [view] = _views(s, ctx, [box])
    return view


def dispatch(s: Session, ctx: Ctx, uid: str) -> ShipmentView:
    """The box leaves: every copy is checked again (one lent since is refused by name), then
    in transit; the transfers it carries are shipped."""
    box = _open_box(s, ctx, uid)
    lines = list(
        s.scalars(
            select(ShipmentLine).where(ShipmentLine.shipment_id == box.id).order_by(ShipmentLine.id)
        )
    )
    if not lines:
        raise DeskError("shipment_empty", ref=box.uid[:8])
    dest = s.get_one(Point, box.to_point_id)
    transfers: list[str] = []
    for line in lines:
        item = s.get_one(Item, line.item_id)
        line.transfer_uid = _check_packable(s, ctx, box, item)
        if line.transfer_uid:
            transfers.append(line.transfer_uid)
    for line in lines:
        item = s.get_one(Item, line.item_id)
        item.status = "in_transit"  # still located here until the destination scans it
    if transfers:
        for t in s.scalars(select(Transfer).where(Transfer.uid.in_(transfers))):
            t.status = "shipped"
    box.status, box.dispatched_at = "dispatched", ctx.now()
    record(
        s,
        ctx,
        "shipment.dispatched",
        ShipmentDispatched(
            uid=box.uid,
            from_point=ctx.point.code,
            to_point=dest.code,
            items=[ln.barcode for ln in lines],
            transfers=transfers,
            note=box.note,
        ),
        target=box.uid,
        detail=f"{len(lines)} 册 → {dest.code}",
    )
    return get_shipment(s, ctx, box.uid)


# --- receiving ---------------------------------------------------------------------------------
def _incoming_box(s: Session, ctx: Ctx, uid: str) -> Shipment:
    row = _shipment(s, ctx, uid)
    if row.to_point_id != ctx.point.id or row.status != "dispatched":
        raise DeskError("shipment_not_incoming", ref=row.uid[:8])
    return row


def _left(s: Session, box: Shipment) -> int:
    return int(
        s.scalar(
            select(func.count()).where(
                ShipmentLine.shipment_id == box.id, ShipmentLine.outcome == "packed"
            )
        )
        or 0
    )


def _receive_line(
    s: Session, ctx: Ctx, box: Shipment, code: str
) -> tuple[ShipmentLine, bool, bool]:
    """The copy's line, taken in: (line, scanned before, its hold ended on the way)."""
    line = s.scalars(
        select(ShipmentLine).where(ShipmentLine.shipment_id == box.id, ShipmentLine.barcode == code)
    ).one_or_none()
    if line is not None and line.outcome != "packed":
        return line, True, _trip_ended(s, ctx, line, box)
    item = s.scalars(select(Item).where(Item.barcode == code)).one_or_none()
    if line is None:
        line = ShipmentLine(
            shipment_id=box.id, barcode=code, outcome="extra", damaged=False,
            item_id=item.id if item else None,
        )  # fmt: skip
        s.add(line)
    else:
        line.outcome = "received"
        line.item_id = line.item_id or (item.id if item else None)
    line.scanned_at = ctx.now()
    ended = _trip_ended(s, ctx, line, box)
    if item is not None and item.status != "on_loan":
        # in the librarian's hand: here, and (if it was listed) this point's from now on
        item.location_point_id = ctx.point.id
        item.status = "available"
        if line.outcome == "received" and not ended and not _kept_for_hold(s, ctx, code):
            item.owner_point_id = ctx.point.id
    s.flush()
    return line, False, ended


def _trip_ended(s: Session, ctx: Ctx, line: ShipmentLine, box: Shipment) -> bool:
    """A listed copy whose hold ended while it travelled (``holds.trip_ended``): it visits,
    it does not move here; it goes on at the end of the receipt."""
    return line.outcome == "received" and holds.trip_ended(s, ctx, line.barcode, box) is not None


# --- holds: a copy sent to fill a hold keeps its owner (docs/holds.md) --------------------------
def pack_for_hold(s: Session, ctx: Ctx, barcode: str) -> ShipmentView:
    """A copy captured here for a hold into a box to its pickup point: the open box to that
    point, or a new one (packing is this desk's working note; the box's dispatch is the event)."""
    item = get_item(s, ctx, barcode)
    h = s.scalars(
        select(Hold).where(
            Hold.captured_item == item.barcode,
            Hold.status == "captured",
            Hold.captured_point == ctx.point.code,
        )
    ).first()
    if h is None:
        raise DeskError("no_hold_for_item", barcode=item.barcode)
    dest = s.scalars(select(Point).where(Point.code == h.pickup_point)).one_or_none()
    if dest is None:
        raise DeskError("unknown_point", code=h.pickup_point)
    box = s.scalars(
        select(Shipment)
        .where(
            Shipment.from_point_id == ctx.point.id,
            Shipment.to_point_id == dest.id,
            Shipment.status == "open",
        )
        .order_by(Shipment.id.desc())
    ).first()
    uid = box.uid if box is not None else new_shipment(s, ctx, dest.code).uid
    add_item(s, ctx, uid, item.barcode)
    return get_shipment(s, ctx, uid)


def _kept_for_hold(s: Session, ctx: Ctx, barcode: str) -> bool:
    """The copy is set aside for a hold to collect here: it visits, it does not move here
    (after the reader's loan the check-in routes it home)."""
    kept = s.scalar(
        select(Hold.id).where(
            Hold.captured_item == barcode,
            Hold.status.in_(("captured", "on_shelf")),
            Hold.pickup_point == ctx.point.code,
        )
    )
    return kept is not None


def scan(s: Session, ctx: Ctx, uid: str, barcode: str) -> ScanResult:
    """One copy taken out of the box: listed -> received (available here now); not listed ->
    extra. Scanning it again changes nothing."""
    box = _incoming_box(s, ctx, uid)
    code = ctx.policy.item(barcode)
    line, repeated, ended = _receive_line(s, ctx, box, code)
    title = s.scalar(
        select(Title.title).join(Item, Item.title_id == Title.id).where(Item.barcode == code)
    )
    return ScanResult(code, line.outcome, title or "", repeated, _left(s, box), ended)


def mark_damaged(s: Session, ctx: Ctx, uid: str, barcode: str, note: str) -> ShipmentLineView:
    """A copy arrived damaged: it counts as received (or extra), with the librarian's note."""
    box = _incoming_box(s, ctx, uid)
    text = clean_text(note, field="damage_note", max_len=300, required=False)
    if not text:
        raise DeskError("note_required")
    code = ctx.policy.item(barcode)
    line, _, _ = _receive_line(s, ctx, box, code)
    line.damaged, line.note = True, text
    item = s.scalars(select(Item).where(Item.barcode == code)).one_or_none()
    if item is not None and item.status != "on_loan":
        item.status = "damaged"
    s.flush()
    return next(x for x in _lines(s, box) if x.barcode == code)


def finish_receipt(s: Session, ctx: Ctx, uid: str) -> ShipmentView:
    """Close the receipt: listed copies not scanned are missing; one event tells the hub."""
    box = _incoming_box(s, ctx, uid)
    now = ctx.now()
    lines = list(
        s.scalars(
            select(ShipmentLine).where(ShipmentLine.shipment_id == box.id).order_by(ShipmentLine.id)
        )
    )
    for line in lines:
        if line.outcome == "packed":
            item = s.scalars(select(Item).where(Item.barcode == line.barcode)).one_or_none()
            if item is not None and _arrived_otherwise(item, ctx):
                line.outcome = "received"  # it came in another box (scanned there as extra)
                visiting = _trip_ended(s, ctx, line, box) or _kept_for_hold(s, ctx, line.barcode)
                if not visiting:  # holds: a copy that visits keeps its owner
                    item.owner_point_id = ctx.point.id  # listed for us: ours, as a scan makes it
                continue
            line.outcome = "missing"
            if item is not None and item.status == "in_transit":
                item.status = "missing"
    outcome_of = {ln.transfer_uid: ln.outcome for ln in lines if ln.transfer_uid}
    if outcome_of:
        for t in s.scalars(select(Transfer).where(Transfer.uid.in_(list(outcome_of)))):
            t.status = "missing" if outcome_of[t.uid] == "missing" else "received"
            t.received_at = now if t.status == "received" else None
    box.status, box.received_at = "received", now
    src = s.get_one(Point, box.from_point_id)

    def of(outcome: str) -> list[str]:
        return [ln.barcode for ln in lines if ln.outcome == outcome]

    payload = ShipmentReceived(
        uid=box.uid,
        from_point=src.code,
        to_point=ctx.point.code,
        received=of("received"),
        missing=of("missing"),
        extra=of("extra"),
        damaged=[DamagedCopy(barcode=ln.barcode, note=ln.note or "") for ln in lines if ln.damaged],
    )
    record(
        s,
        ctx,
        "shipment.received",
        payload,
        target=box.uid,
        detail=(
            f"收到 {len(payload.received)} 缺 {len(payload.missing)} 多 {len(payload.extra)} "
            f"损 {len(payload.damaged)}"
        ),
    )
    for ln in lines:  # holds: a copy whose hold ended on the way goes on (next hold or home)
        if ln.outcome == "received" and holds.trip_ended(s, ctx, ln.barcode, box) is not None:
            item = s.scalars(select(Item).where(Item.barcode == ln.barcode)).one_or_none()
            if item is not None:
                holds.after_trip(s, ctx, item)
    return get_shipment(s, ctx, box.uid)


def _arrived_otherwise(item: Item, ctx: Ctx) -> bool:
    """A listed copy not scanned in its own box, yet already on this shelf: packed in a sibling
    box and scanned there as extra. It is not missing (the hall would chase a copy it has)."""
    return item.location_point_id == ctx.point.id and item.status not in ("in_transit", "missing")


def receiving_barcodes(s: Session) -> set[str]:
    """Copies scanned in a receipt not finished yet: this desk decides about them until its
    ``shipment.received`` reaches the hub (the sync does not overwrite them meanwhile)."""
    return set(
        s.scalars(
            select(ShipmentLine.barcode)
            .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
            .where(Shipment.status == "dispatched", ShipmentLine.outcome != "packed")
        )
    )


# --- from the hub ------------------------------------------------------------------------------
def apply_hub_row(
    s: Session, point_of: Callable[[str], Point | None], d: ShipmentRow, now: datetime
) -> None:
    """A ``shipment`` row of the change feed: a box addressed to this point (to receive), or
    the outcome of one this point sent. ``point_of(code)`` gives the local Point row."""
    box = s.scalars(select(Shipment).where(Shipment.uid == d.uid)).one_or_none()
    if box is not None and box.status == "received" and d.status != "received":
        return  # our own receipt is newer than the hub's row
    if box is None:
        src, dst = point_of(d.from_point), point_of(d.to_point)
        assert src is not None and dst is not None
        box = Shipment(
            uid=d.uid,
            from_point_id=src.id,
            to_point_id=dst.id,
            staff_code=d.staff_code,
            note=d.note,
            created_at=d.dispatched_at,
        )
        s.add(box)
        s.flush()
    elif box.status == "dispatched" and d.status == "dispatched":
        return  # nothing new (a receipt in progress here keeps its scans)
    box.status = d.status
    box.dispatched_at = d.dispatched_at
    box.received_at = d.received_at
    lines = {
        ln.barcode: ln
        for ln in s.scalars(select(ShipmentLine).where(ShipmentLine.shipment_id == box.id))
    }
    codes = [x.barcode for x in d.items]
    known = dict(s.execute(select(Item.barcode, Item.id).where(Item.barcode.in_(codes))).all())
    for x in d.items:
        line = lines.get(x.barcode)
        if line is None:
            line = ShipmentLine(shipment_id=box.id, barcode=x.barcode)
            s.add(line)
        line.item_id = known.get(x.barcode)
        line.transfer_uid = x.transfer_uid
        line.outcome = x.outcome
        line.damaged = x.damaged
        line.note = x.note
    s.flush()
