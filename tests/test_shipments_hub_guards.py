"""A point's token speaks only for its own box: a receipt naming copies that were not in the box,
or a dispatch naming another point's transfers, must not move other points' holdings.

The desks never send such events (their receiving scan makes an unlisted copy ``extra``); these
tests push a desk's real event with its payload altered, as a faulty or hostile client would,
to a real hub process, and check what the hub then says about the copies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import requests
from sqlalchemy import select

from xclib_desk.hub.models import HubException, HubItem, HubTransfer
from xclib_desk.models import OutboxDelivery, OutboxEvent
from xclib_desk.services import shipments
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]


def push_altered(st: Station, type_: str, alter: Callable[[dict[str, Any]], None]) -> str:
    """Push this desk's undelivered ``type_`` event (and the ones before it) with ``alter``
    applied to its payload; returns the hub's answer for it."""
    with st.desk.session(write=False) as s:
        rows = s.scalars(
            select(OutboxEvent)
            .outerjoin(OutboxDelivery, OutboxDelivery.seq == OutboxEvent.seq)
            .where(OutboxDelivery.seq.is_(None))
            .order_by(OutboxEvent.seq)
        ).all()
        events = [
            {
                "event_id": e.event_id, "device_id": e.device_id, "seq": e.seq, "type": e.type,
                "hlc": e.hlc, "wall_time": e.wall_time.isoformat(), "staff_code": e.staff_code,
                "point_code": e.point_code, "standards_version": e.standards_version,
                "payload": dict(e.payload),
            }
            for e in rows
        ]  # fmt: skip
    [target] = [e for e in events if e["type"] == type_]
    alter(target["payload"])
    r = requests.post(
        st.hub.url + "/v1/push",
        json={"device_id": st.desk.device_id, "events": events},
        headers={"Authorization": f"Bearer {st.engine.tokens.get()}", "X-Xclib-Protocol": "1"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    [answer] = [x for x in r.json()["results"] if x["event_id"] == target["event_id"]]
    return str(answer["status"])


def hub_item(hub: HubProc, bc: str) -> tuple[str | None, str | None, str]:
    [(it,)] = hub.query(select(HubItem).where(HubItem.barcode == bc))
    return it.owner, it.location, it.status


def test_a_receipt_cannot_take_or_lose_copies_that_were_not_in_the_box(
    hub: HubProc, station: MakeStation
) -> None:
    hall, point = station("district"), station()
    boxed, shelf, other = hall.item(), hall.item(), hall.item()
    hall.sync()
    point.sync()
    box = hall.desk.write(shipments.new_shipment, LIB, point.code)
    hall.desk.write(shipments.add_item, LIB, box.uid, boxed)
    hall.desk.write(shipments.dispatch, LIB, box.uid)
    hall.sync()
    point.sync()
    point.desk.write(shipments.scan, LIB, box.uid, boxed)
    point.desk.write(shipments.finish_receipt, LIB, box.uid)

    def claim(p: dict[str, Any]) -> None:  # copies still on the hall's shelf
        p["received"] = [*p["received"], shelf]
        p["missing"] = [*p["missing"], other]

    assert push_altered(point, "shipment.received", claim) in ("applied", "applied_with_flag")
    assert hub_item(hub, boxed) == (point.code, point.code, "available")
    # the unlisted copy is at most an extra one: still the hall's; the other one untouched
    assert hub_item(hub, shelf)[0] == hall.code
    assert hub_item(hub, other) == (hall.code, hall.code, "available")
    kinds = {
        (x.kind, x.context["item"])
        for (x,) in hub.query(select(HubException).where(HubException.kind.like("shipment_%")))
    }
    assert ("shipment_missing", other) not in kinds
    assert ("shipment_extra", shelf) in kinds


def test_a_dispatch_cannot_ship_another_points_transfer(hub: HubProc, station: MakeStation) -> None:
    from sync_fixtures import deliver

    hall, a, b = station("district"), station(), station()
    book = a.item()
    a.sync()
    hall.sync()
    deliver(a, hall, [book])  # the hall's copy now; A still knows it
    card = hall.reader()
    hall.sync()
    a.sync()
    a.checkout(card, book)
    a.checkin(book)  # returned at A: A owes the hall a trip home
    a.sync()
    [(t,)] = hub.query(select(HubTransfer).where(HubTransfer.item == book))
    assert (t.from_point, t.status) == (a.code, "pending")
    mine = b.item()
    b.sync()
    box = b.desk.write(shipments.new_shipment, LIB, hall.code)
    b.desk.write(shipments.add_item, LIB, box.uid, mine)
    b.desk.write(shipments.dispatch, LIB, box.uid)

    def steal(p: dict[str, Any]) -> None:
        p["transfers"] = [*p["transfers"], t.uid]

    push_altered(b, "shipment.dispatched", steal)
    [(t2,)] = hub.query(select(HubTransfer).where(HubTransfer.uid == t.uid))
    assert t2.status == "pending"  # still waiting at A, not "shipped" by B's box


def test_a_copy_being_received_travels_on_only_after_the_receipt(
    hub: HubProc, station: MakeStation
) -> None:
    """Scanned out of a box whose receipt is not finished, a copy cannot be packed again: the
    receipt, sent later, would put it back on this shelf at the hub while it is on its way."""
    import pytest

    from xclib_desk.errors import DeskError

    hall, point = station("district"), station()
    book = hall.item()
    hall.sync()
    point.sync()
    box = hall.desk.write(shipments.new_shipment, LIB, point.code)
    hall.desk.write(shipments.add_item, LIB, box.uid, book)
    hall.desk.write(shipments.dispatch, LIB, box.uid)
    hall.sync()
    point.sync()
    point.desk.write(shipments.scan, LIB, box.uid, book)
    back = point.desk.write(shipments.new_shipment, LIB, hall.code)
    with pytest.raises(DeskError) as e:
        point.desk.write(shipments.add_item, LIB, back.uid, book)
    assert e.value.code == "item_not_shippable" and box.uid[:8] in e.value.message("en")
    assert point.desk.read(shipments.get_shipment, LIB, back.uid).lines == ()
    point.desk.write(shipments.finish_receipt, LIB, box.uid)
    point.desk.write(shipments.add_item, LIB, back.uid, book)
    point.desk.write(shipments.dispatch, LIB, back.uid)
    point.sync()
    # at the hub the copy is on its way back, not available on the point's shelf
    assert hub_item(hub, book) == (point.code, point.code, "in_transit")
