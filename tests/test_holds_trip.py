"""A copy whose hold ends while it travels (预约在途取消): it does not become the pickup point's.

Real desks and a real hub (SQLite, and PostgreSQL when XCLIB_TEST_PG_URL is set). A's copy is
captured for a hold to collect at B and boxed to B; the hold is cancelled meanwhile. At B's
receipt the copy keeps its owner and goes on: to the next hold B knows for it (captured for
that one), else home to A (a return transfer, as an expired hold sends it) — at B's desk before
any sync, and at the hub after it, which A learns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from xclib_desk.hub.models import HubHold, HubItem, HubTransfer
from xclib_desk.models import Item, Point, Transfer
from xclib_desk.services import holdings, holds, shipments
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]


def boxed_for_a_hold_at_b(a: Station, b: Station, reader: str) -> tuple[str, str, str]:
    """A's copy captured for B's reader's hold (pickup B) and dispatched to B: (hold, copy,
    box). Everyone has synced; the box is on its way."""
    bc = a.item()
    tuid, title = (lambda v: (v.title.uid, v.title.title))(a.desk.read(holdings.show_item, LIB, bc))
    a.sync()
    b.sync()
    h = b.desk.write(holds.place, LIB, reader, tuid, district_title=title)
    b.sync()
    a.sync()
    a.desk.write(holds.capture, LIB, bc)
    box = a.desk.write(shipments.new_shipment, LIB, b.code).uid
    a.desk.write(shipments.add_item, LIB, box, bc)
    a.desk.write(shipments.dispatch, LIB, box)
    a.sync()
    b.sync()
    return h.uid, bc, box


def at(st: Station, bc: str) -> tuple[str, str, str]:
    """(owner, location, status) of a copy as ``st``'s desk sees it."""
    with st.desk.session(write=False) as s:
        it = s.scalars(select(Item).where(Item.barcode == bc)).one()
        return (s.get_one(Point, it.owner_point_id).code,
                s.get_one(Point, it.location_point_id).code, it.status)  # fmt: skip


def transfers(st: Station, bc: str) -> list[tuple[str, str, str]]:
    with st.desk.session(write=False) as s:
        rows = s.execute(
            select(Transfer, Item.barcode).join(Item, Item.id == Transfer.item_id)
        ).all()
        return [
            (s.get_one(Point, t.to_point_id).code, t.reason, t.status)
            for t, code in rows
            if code == bc
        ]


def receive(b: Station, box: str, bc: str) -> bool:
    """Scan the copy out of the box and finish the receipt; whether the scan said its hold
    ended on the way."""
    ended = b.desk.write(shipments.scan, LIB, box, bc).hold_ended
    b.desk.write(shipments.finish_receipt, LIB, box)
    return ended


def test_a_copy_whose_hold_was_cancelled_on_the_way_goes_home(
    hub: HubProc, station: MakeStation
) -> None:
    a, b = station(), station()
    reader = b.reader()
    uid, bc, box = boxed_for_a_hold_at_b(a, b, reader)
    b.desk.write(holds.cancel, LIB, uid)  # the reader gave it up while the box travels
    b.sync()
    assert receive(b, box, bc)  # the scan says it does not stay
    # at B's desk, before any sync: still A's, on its way home
    assert at(b, bc) == (a.code, b.code, "in_transit")
    assert transfers(b, bc) == [(a.code, "return_home", "pending")]
    b.sync()
    [(owner, status)] = hub.query(
        select(HubItem.owner, HubItem.status).where(HubItem.barcode == bc)
    )
    assert (owner, status) == (a.code, "in_transit")
    [(t,)] = hub.query(select(HubTransfer).where(HubTransfer.item == bc))
    assert (t.from_point, t.to_point, t.status) == (b.code, a.code, "pending")
    assert at(b, bc)[0] == a.code  # the hub's rows keep it A's at B
    a.sync()
    assert at(a, bc)[0] == a.code and transfers(a, bc) == [(a.code, "return_home", "pending")]


def test_a_copy_whose_hold_was_cancelled_on_the_way_serves_the_next_hold_here(
    hub: HubProc, station: MakeStation
) -> None:
    a, b = station(), station()
    reader, next_reader = b.reader(), b.reader()
    uid, bc, box = boxed_for_a_hold_at_b(a, b, reader)
    tuid = hub_hold_title(hub, uid)
    nxt = b.desk.write(holds.place, LIB, next_reader, tuid)
    b.desk.write(holds.cancel, LIB, uid)
    b.sync()
    assert receive(b, box, bc)
    # B knows a waiting hold for it: onto B's hold shelf for that reader, still A's copy
    v = b.desk.read(holds.get_hold, LIB, nxt.uid)
    assert (v.status, v.captured_item) == ("on_shelf", bc)
    assert at(b, bc) == (a.code, b.code, "available") and transfers(b, bc) == []
    b.sync()
    [(h,)] = hub.query(select(HubHold).where(HubHold.uid == nxt.uid))
    assert (h.status, h.captured_item) == ("on_shelf", bc)
    [(owner,)] = hub.query(select(HubItem.owner).where(HubItem.barcode == bc))
    assert owner == a.code


def test_a_later_ordinary_box_makes_the_copy_the_receivers_own(
    hub: HubProc, station: MakeStation
) -> None:
    """The ended hold speaks for one trip only: once the copy went home, distributing it to
    B again moves it to B as any distribution does."""
    a, b = station(), station()
    uid, bc, box = boxed_for_a_hold_at_b(a, b, b.reader())
    b.desk.write(holds.cancel, LIB, uid)
    b.sync()
    receive(b, box, bc)
    back = b.desk.write(shipments.new_shipment, LIB, a.code).uid
    b.desk.write(shipments.add_waiting, LIB, back)
    b.desk.write(shipments.dispatch, LIB, back)
    b.sync()
    a.sync()
    receive(a, back, bc)
    a.sync()
    again = a.desk.write(shipments.new_shipment, LIB, b.code).uid
    a.desk.write(shipments.add_item, LIB, again, bc)
    a.desk.write(shipments.dispatch, LIB, again)
    a.sync()
    b.sync()
    assert not receive(b, again, bc)
    assert at(b, bc) == (b.code, b.code, "available")
    b.sync()
    [(owner,)] = hub.query(select(HubItem.owner).where(HubItem.barcode == bc))
    assert owner == b.code


def hub_hold_title(hub: HubProc, uid: str) -> str:
    [(t,)] = hub.query(select(HubHold.title_uid).where(HubHold.uid == uid))
    return str(t)
