"""Shipments (配送) at the hub: applying ``shipment.dispatched`` / ``shipment.received`` and
the feed rows that let the destination receive a box offline after one sync.

A dispatched box puts its copies in transit (located at the sender) and sends the copies'
rows, with their titles, to the destination's feed for as long as the box is on its way (so the
first desk of a new point gets its initial holdings this way too). The receipt moves received
copies to the destination, which becomes their owner; every missing, extra or damaged copy is
one exception seen by both ends, keyed by box and barcode so a replay adds nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..protocol.events import ShipmentDispatched, ShipmentReceived
from ..protocol.wire import EventEnvelope
from .models import HubItem, HubLoan, HubShipment, HubShipmentItem, HubTitle, HubTransfer

if TYPE_CHECKING:
    from .apply import Applier

HUB_ACTION = {
    "shipment_missing": "copy marked missing (last seen at the sender); check the packing list",
    "shipment_extra": "copy located at the receiving point; decide where it belongs",
    "shipment_damaged": "copy received, status damaged; repair or withdraw it",
}


def _utc(v: datetime) -> datetime:
    return v if v.tzinfo else v.replace(tzinfo=UTC)


def _chunks(keys: list[str], size: int = 500) -> list[list[str]]:
    return [keys[i : i + size] for i in range(0, len(keys), size)]


def destinations(s: Session, barcodes: list[str]) -> dict[str, set[str]]:
    """barcode -> points a box on its way is bringing the copy to (extra feed scopes)."""
    out: dict[str, set[str]] = {}
    for chunk in _chunks(barcodes):
        for bc, to in s.execute(
            select(HubShipmentItem.barcode, HubShipment.to_point)
            .join(HubShipment, HubShipment.uid == HubShipmentItem.shipment_uid)
            .where(HubShipmentItem.barcode.in_(chunk), HubShipment.status == "dispatched")
        ):
            out.setdefault(bc, set()).add(to)
    return out


def shipment_data(s: Session, sh: HubShipment) -> dict[str, Any]:
    lines = s.scalars(
        select(HubShipmentItem)
        .where(HubShipmentItem.shipment_uid == sh.uid)
        .order_by(HubShipmentItem.barcode)
    )
    return {
        "uid": sh.uid,
        "from_point": sh.from_point,
        "to_point": sh.to_point,
        "status": sh.status,
        "staff_code": sh.staff_code,
        "note": sh.note,
        "dispatched_at": sh.dispatched_at.isoformat(),
        "received_at": sh.received_at.isoformat() if sh.received_at else None,
        "items": [
            {
                "barcode": x.barcode,
                "outcome": x.outcome,
                "damaged": x.damaged,
                "note": x.note,
                "transfer_uid": x.transfer_uid,
            }
            for x in lines
        ],
    }


def _load(a: Applier, barcodes: list[str]) -> None:
    """Bring the copies (and their open loans) into the applier's caches, as its prefetch
    does for the barcodes an event names in a scalar field."""
    new = [bc for bc in barcodes if bc not in a.open_by_item]
    for chunk in _chunks(new):
        for bc in chunk:
            a.items.setdefault(bc, None)
            a.open_by_item[bc] = set()
        for it in a.s.scalars(select(HubItem).where(HubItem.barcode.in_(chunk))):
            a.items[it.barcode] = it
        for ln in a.s.scalars(
            select(HubLoan).where(HubLoan.item.in_(chunk), HubLoan.returned_at.is_(None))
        ):
            a.loans[ln.uid] = ln
            a.open_by_item[ln.item].add(ln.uid)


def on_dispatched(a: Applier, e: EventEnvelope, p: ShipmentDispatched) -> list[str]:
    from .apply import Rejected

    if p.from_point != e.point_code:
        raise Rejected("wrong_point")
    if p.to_point == p.from_point or not p.items:
        raise Rejected("bad_payload")
    s = a.s
    if s.get(HubShipment, p.uid) is not None:
        return []  # told before
    s.add(
        HubShipment(
            uid=p.uid,
            from_point=p.from_point,
            to_point=p.to_point,
            status="dispatched",
            staff_code=e.staff_code,
            note=p.note,
            dispatched_at=_utc(e.wall_time),
        )
    )
    by_item = {}
    if p.transfers:
        for t in s.scalars(  # only the sender's own transfers travel in its box
            select(HubTransfer).where(
                HubTransfer.uid.in_(p.transfers), HubTransfer.from_point == p.from_point
            )
        ):
            t.status = "shipped"
            by_item[t.item] = t.uid
            a.feed.transfers.add(t.uid)
    items = list(dict.fromkeys(p.items))
    _load(a, items)
    for bc in items:
        s.add(
            HubShipmentItem(
                shipment_uid=p.uid, barcode=bc, transfer_uid=by_item.get(bc),
                outcome="packed", damaged=False,
            )
        )  # fmt: skip
        it = a._item(bc)
        if a._open_loan(bc, "") is None and e.hlc > it.state_hlc:
            it.status, it.location, it.state_hlc = "in_transit", p.from_point, e.hlc
        a.feed.items.add(bc)
    s.flush()
    a.feed.shipments.add(p.uid)
    return []


def on_received(a: Applier, e: EventEnvelope, p: ShipmentReceived) -> list[str]:
    from .apply import Rejected

    s = a.s
    if p.to_point != e.point_code:
        raise Rejected("wrong_point")
    sh = s.get(HubShipment, p.uid)
    if sh is None or sh.to_point != p.to_point:
        raise Rejected("unknown_shipment")
    if sh.status == "received":
        return []  # the same receipt told twice
    lines = {
        x.barcode: x
        for x in s.scalars(select(HubShipmentItem).where(HubShipmentItem.shipment_uid == sh.uid))
    }
    damaged = {d.barcode: d.note for d in p.damaged}
    # received/missing speak only of the box's own lines: a copy not listed that the receiver
    # says it received was in the box unlisted (extra: located there, owner unchanged), and one
    # it says is missing is not its to report (else any point could take or lose any copy)
    said = {bc: "received" if bc in lines else "extra" for bc in p.received}
    said.update({bc: "missing" for bc in p.missing if bc in lines})
    said.update({bc: "extra" for bc in p.extra if bc not in lines})
    for bc in lines:  # a listed copy the desk did not mention cannot have arrived
        said.setdefault(bc, "missing")
    _load(a, sorted(said))
    problems: list[tuple[str, str, str | None]] = []
    transfers: dict[str, str] = {}
    for bc, outcome in sorted(said.items()):
        line = lines.get(bc)
        if line is None:
            line = HubShipmentItem(shipment_uid=sh.uid, barcode=bc, damaged=False)
            s.add(line)
        line.outcome = outcome
        if bc in damaged:
            line.damaged, line.note = True, damaged[bc]
            problems.append(("shipment_damaged", bc, damaged[bc]))
        if line.transfer_uid:
            transfers[line.transfer_uid] = "missing" if outcome == "missing" else "received"
        it = a.items.get(bc)
        if it is None and outcome == "received":
            it = a._item(bc)  # a copy the hub has not heard of yet: it is there now
        if outcome == "missing":
            problems.append(("shipment_missing", bc, None))
        elif outcome == "extra":
            problems.append(("shipment_extra", bc, None))
        if it is None:
            continue
        if outcome == "received":
            it.owner = sh.to_point
        if a._open_loan(bc, "") is None and e.hlc > it.state_hlc:
            if outcome == "missing":
                it.status = "missing"
            else:
                it.location = sh.to_point
                it.status = "damaged" if bc in damaged else "available"
            it.state_hlc = e.hlc
        a.feed.items.add(bc)
        a.feed.item_scopes.setdefault(bc, set()).add(sh.from_point)  # the sender learns too
    if transfers:
        for t in s.scalars(select(HubTransfer).where(HubTransfer.uid.in_(list(transfers)))):
            t.status = transfers[t.uid]
            a.feed.transfers.add(t.uid)
    sh.status, sh.received_at = "received", _utc(e.wall_time)
    for kind, bc, note in problems:
        it = a.items.get(bc)
        title = s.get(HubTitle, it.title_uid) if it is not None and it.title_uid else None
        a._exception(
            f"{kind}:{sh.uid}:{bc}",
            kind,
            [sh.from_point, sh.to_point],
            {
                "shipment": sh.uid,
                "item": bc,
                "title": (title.data.get("title") if title else None),
                "call_number": it.call_number if it is not None else None,
                "from_point": sh.from_point,
                "to_point": sh.to_point,
                "note": note,
                "staff": e.staff_code,
                "hub_action": HUB_ACTION[kind],
            },
        )
    s.flush()
    a.feed.shipments.add(sh.uid)
    return sorted({kind for kind, _, _ in problems})
