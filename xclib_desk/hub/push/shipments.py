"""Transfers and shipments (配送) at the hub.

A copy sent on its way outside a box (``transfer.created``) is in transit from its sender. A
dispatched box puts its copies in transit (located at the sender) and sends the copies' rows,
with their titles, to the destination's feed for as long as the box is on its way (so the first
desk of a new point gets its initial holdings this way too). The receipt moves received copies
to the destination, which becomes their owner (not of a copy travelling for a hold there, even
one that ended on the way: ``hub/holds.travelling_for_holds``); every missing, extra or damaged
copy is one exception seen by both ends, keyed by box and barcode so a replay adds nothing.
"""

from __future__ import annotations

from sqlalchemy import select

from ...common.times import as_utc
from ...protocol.events import ShipmentDispatched, ShipmentReceived, TransferCreated
from ...protocol.wire import EventEnvelope
from ..holds import travelling_for_holds
from ..models import HubShipment, HubShipmentItem, HubTitle, HubTransfer
from .context import BatchContext, Rejected
from .copystate import AVAILABLE, IN_TRANSIT, Placement, place

HUB_ACTION = {
    "shipment_missing": "copy marked missing (last seen at the sender); check the packing list",
    "shipment_extra": "copy located at the receiving point; decide where it belongs",
    "shipment_damaged": "copy received, status damaged; repair or withdraw it",
}


def transfer_created(ctx: BatchContext, e: EventEnvelope, p: TransferCreated) -> list[str]:
    """A copy sent on its way from this point (the copy in the staff's hand is the truth,
    wherever the hub thought it was, among the copies it owns or holds: ``authority``)."""
    if ctx.row(HubTransfer, p.uid) is None:
        ctx.add(
            HubTransfer(
                uid=p.uid,
                item=p.item,
                from_point=p.from_point,
                to_point=p.to_point,
                reason=p.reason,
                status="pending",
                created_at=as_utc(e.wall_time),
            )
        )
    it = ctx.item(p.item)
    place(ctx, it, Placement(e.hlc, IN_TRANSIT, p.from_point))
    ctx.feed.items.add(it.barcode)
    ctx.feed.transfers.add(p.uid)
    return []


def dispatched(ctx: BatchContext, e: EventEnvelope, p: ShipmentDispatched) -> list[str]:
    if p.to_point == p.from_point or not p.items:
        raise Rejected("bad_payload")
    s = ctx.s
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
            dispatched_at=as_utc(e.wall_time),
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
            ctx.feed.transfers.add(t.uid)
    items = list(dict.fromkeys(p.items))
    ctx.load_items(items)
    for bc in items:
        s.add(
            HubShipmentItem(
                shipment_uid=p.uid, barcode=bc, transfer_uid=by_item.get(bc),
                outcome="packed", damaged=False,
            )
        )  # fmt: skip
        place(ctx, ctx.item(bc), Placement(e.hlc, IN_TRANSIT, p.from_point))
        ctx.feed.items.add(bc)
    s.flush()
    ctx.feed.shipments.add(p.uid)
    return []


def received(ctx: BatchContext, e: EventEnvelope, p: ShipmentReceived) -> list[str]:
    s = ctx.s
    sh = s.get(HubShipment, p.uid)
    if sh is None:  # authority refused a receipt of a box the hub does not know
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
    ctx.load_items(sorted(said))
    visiting = travelling_for_holds(s, said, sh)  # holds: a held copy keeps its owner
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
        it = ctx.items.get(bc)
        if it is None and outcome == "received":
            it = ctx.item(bc)  # a copy the hub has not heard of yet: it is there now
        if outcome == "missing":
            problems.append(("shipment_missing", bc, None))
        elif outcome == "extra":
            problems.append(("shipment_extra", bc, None))
        if it is None:
            continue
        if outcome == "received" and bc not in visiting:  # holds: see `visiting`
            it.owner = sh.to_point
        if outcome == "missing":  # last seen at the sender, where the dispatch put it
            place(ctx, it, Placement(e.hlc, "missing", sh.from_point))
        else:
            status = "damaged" if bc in damaged else AVAILABLE
            place(ctx, it, Placement(e.hlc, status, sh.to_point))
        ctx.feed.items.add(bc)
        ctx.feed.item_scopes.setdefault(bc, set()).add(sh.from_point)  # the sender learns too
    if transfers:
        for t in s.scalars(select(HubTransfer).where(HubTransfer.uid.in_(list(transfers)))):
            t.status = transfers[t.uid]
            ctx.feed.transfers.add(t.uid)
    sh.status, sh.received_at = "received", as_utc(e.wall_time)
    for kind, bc, note in problems:
        it = ctx.items.get(bc)
        title = s.get(HubTitle, it.title_uid) if it is not None and it.title_uid else None
        ctx.exception(
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
    ctx.feed.shipments.add(sh.uid)
    return sorted({kind for kind, _, _ in problems})
