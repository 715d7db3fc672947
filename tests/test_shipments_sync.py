"""Shipments (配送) end to end: real desks, a real hub process over HTTP (SQLite and PostgreSQL).

The hall packs and dispatches a box; the point receives it after one sync (offline from then
on), one copy missing and one extra; after syncing, the hall sees one exception per problem copy
and every copy is where the receipt says. A copy returned at another point travels home the
same way, and a new point's first desk receives its initial holdings by shipment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from xclib_desk.hub.models import HubException, HubItem, HubShipment, HubTransfer
from xclib_desk.models import Item, Point, Transfer
from xclib_desk.services import itemhistory, shipments
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]


def ship(src: Station, dst: Station | _Named, barcodes: list[str]) -> str:
    from sync_fixtures import ship

    return ship(src, dst, barcodes)  # type: ignore[arg-type]


def receive_all(dst: Station, uid: str) -> None:
    from sync_fixtures import receive_all

    receive_all(dst, uid)


def deliver(src: Station, dst: Station, barcodes: list[str]) -> str:
    from sync_fixtures import deliver

    return deliver(src, dst, barcodes)


def where(st: Station, bc: str) -> tuple[str, str, str] | None:
    """(owner, location, status) of a copy as the desk sees it."""
    with st.desk.session(write=False) as s:
        row = s.execute(
            select(Item.owner_point_id, Item.location_point_id, Item.status).where(
                Item.barcode == bc
            )
        ).first()
        if row is None:
            return None
        code = dict(s.execute(select(Point.id, Point.code)).all())
        return code[row[0]], code[row[1]], row[2]


def hub_item(hub: HubProc, bc: str) -> tuple[str | None, str | None, str]:
    [(it,)] = hub.query(select(HubItem).where(HubItem.barcode == bc))
    return it.owner, it.location, it.status


def test_partial_receipt_raises_exceptions_at_the_hall(hub: HubProc, station: MakeStation) -> None:
    hall, point = station("district"), station()
    books = [hall.item() for _ in range(4)]
    stray = hall.item()  # lands in the box without being listed
    hall.sync()
    point.sync()  # the point knows the hall (and every point) now
    uid = ship(hall, point, books)
    assert [where(hall, bc) for bc in books] == [(hall.code, hall.code, "in_transit")] * 4
    hall.sync()
    assert [hub_item(hub, bc) for bc in books] == [(hall.code, hall.code, "in_transit")] * 4
    point.sync()
    # the box and its copies (titles included) reached the point: it can receive offline
    [incoming] = point.desk.read(shipments.incoming, LIB)
    assert incoming.uid == uid and incoming.items == 4 and incoming.from_point == hall.code
    assert all(where(point, bc) == (hall.code, hall.code, "in_transit") for bc in books)
    view = point.desk.read(shipments.get_shipment, LIB, uid)
    assert {x.title for x in view.lines} == {"城南旧事"}
    # two scanned, one damaged, one never found; an unlisted copy in the box
    for bc in books[:2]:
        res = point.desk.write(shipments.scan, LIB, uid, bc)
        assert res.outcome == "received"
        assert where(point, bc) == (point.code, point.code, "available")  # lendable at once
    point.desk.write(shipments.mark_damaged, LIB, uid, books[2], "封面撕裂")
    extra = point.desk.write(shipments.scan, LIB, uid, stray)
    assert extra.outcome == "extra" and extra.left == 1
    done = point.desk.write(shipments.finish_receipt, LIB, uid)
    assert (done.status, done.received, done.missing, done.extra, done.damaged) == (
        "received", 3, 1, 1, 1,
    )  # fmt: skip
    point.sync()
    hall.sync()
    # the hub: each copy where the receipt says
    assert hub_item(hub, books[0]) == (point.code, point.code, "available")
    assert hub_item(hub, books[2]) == (point.code, point.code, "damaged")
    assert hub_item(hub, books[3]) == (hall.code, hall.code, "missing")
    assert hub_item(hub, stray) == (hall.code, point.code, "available")
    [(sh,)] = hub.query(select(HubShipment).where(HubShipment.uid == uid))
    assert sh.status == "received"
    # one exception per problem copy, seen by both ends, counted from the hub's raw rows
    xs = [x for (x,) in hub.query(select(HubException)) if x.context.get("shipment") == uid]
    assert sorted((x.kind, x.context["item"]) for x in xs) == sorted(
        [("shipment_missing", books[3]), ("shipment_extra", stray),
         ("shipment_damaged", books[2])]
    )  # fmt: skip
    assert all(sorted(x.points) == sorted([hall.code, point.code]) for x in xs)
    for st in (hall, point):
        mine = [x for x in st.exceptions() if x.context.get("shipment") == uid]
        assert sorted(x.uid for x in mine) == sorted(x.uid for x in xs)
    # the hall sees the outcome of its box and where its copies are now
    out = hall.desk.read(shipments.get_shipment, LIB, uid)
    assert (out.status, out.received, out.missing, out.extra) == ("received", 3, 1, 1)
    assert where(hall, books[0]) == (point.code, point.code, "available")
    assert where(hall, books[3]) == (hall.code, hall.code, "missing")
    # the copy's location history shows the trip at both ends
    for st in (hall, point):
        kinds = [h.kind for h in st.desk.read(itemhistory.item_history, LIB, books[0])]
        assert kinds[:2] == ["shipment_received", "shipped"]
    # replaying the whole receipt adds nothing (ledger and exception keys dedupe)
    point.engine.run_once()
    n = len([x for (x,) in hub.query(select(HubException)) if x.context.get("shipment") == uid])
    assert n == 3


def test_return_anywhere_copy_is_shipped_home(hub: HubProc, station: MakeStation) -> None:
    home, other = station(), station()
    bc = other.item()
    other.sync()
    home.sync()
    deliver(other, home, [bc])  # now home's copy; the sender still knows it
    card = home.reader()
    home.sync()
    other.sync()
    assert where(other, bc) == (home.code, home.code, "available")
    # a reader of home borrows and returns it at the other point: it waits there for a box
    other.checkout(card, bc)
    res = other.checkin(bc)
    assert res.route_to == home.code
    [waiting] = other.desk.read(shipments.waiting_transfers, LIB)
    assert waiting.barcode == bc and waiting.to_point == home.code
    # the box home takes every copy waiting for home
    box = other.desk.write(shipments.new_shipment, LIB, home.code)
    assert other.desk.write(shipments.add_waiting, LIB, box.uid) == [bc]
    other.desk.write(shipments.dispatch, LIB, box.uid)
    other.sync()
    [(t,)] = hub.query(select(HubTransfer).where(HubTransfer.uid == res.transfer_uid))
    assert t.status == "shipped"
    home.sync()
    receive_all(home, box.uid)
    home.sync()
    other.sync()
    [(t,)] = hub.query(select(HubTransfer).where(HubTransfer.uid == res.transfer_uid))
    assert t.status == "received"
    assert hub_item(hub, bc) == (home.code, home.code, "available")
    assert where(home, bc) == (home.code, home.code, "available")
    with other.desk.session(write=False) as s:
        tr = s.scalars(select(Transfer).where(Transfer.uid == res.transfer_uid)).one()
        assert tr.status == "received"
    assert other.desk.read(shipments.waiting_transfers, LIB) == []


def test_new_point_receives_its_initial_holdings_by_shipment(
    hub: HubProc, station: MakeStation, tmp_path_factory: object
) -> None:
    from sync_fixtures import Station, point_code

    hall = station("district")
    books = [hall.item() for _ in range(3)]
    hall.sync()
    code = point_code()
    hub.add_point(code, level="community")  # the admin opens the point at the hub
    hall.sync()  # the hall desk learns the new point
    uid = ship(hall, _Named(code), books)
    hall.sync()
    # the first desk of the new point enrols afterwards and receives the box after one sync
    new = Station(hub, hall.dir.parent, code, register=False)
    try:
        new.sync()
        [incoming] = new.desk.read(shipments.incoming, LIB)
        assert incoming.uid == uid and incoming.items == 3
        receive_all(new, uid)
        new.sync()
        hall.sync()
        owned = {bc for (bc,) in hub.query(select(HubItem.barcode).where(HubItem.owner == code))}
        assert owned == set(books)
        assert all(where(new, bc) == (code, code, "available") for bc in books)
    finally:
        new.close()


class _Named:
    """A destination known only by its code (its desk does not exist yet)."""

    def __init__(self, code: str) -> None:
        self.code = code


def test_copy_found_in_a_sibling_box_is_received_not_missing(
    hub: HubProc, station: MakeStation
) -> None:
    """Two boxes to one point; a copy listed in the second travels in the first. Scanned there
    as extra, it is on the point's shelf: the second box's receipt counts it received, and the
    hall is not sent chasing a missing copy the point holds."""
    hall, point = station("district"), station()
    first, second = [hall.item(), hall.item()], [hall.item(), hall.item()]
    hall.sync()
    point.sync()
    box_a, box_b = ship(hall, point, first), ship(hall, point, second)
    hall.sync()
    point.sync()
    wandered = second[0]
    for bc in [*first, wandered]:
        point.desk.write(shipments.scan, LIB, box_a, bc)
    a = point.desk.write(shipments.finish_receipt, LIB, box_a)
    assert (a.received, a.extra, a.missing) == (2, 1, 0)
    point.desk.write(shipments.scan, LIB, box_b, second[1])
    b = point.desk.write(shipments.finish_receipt, LIB, box_b)
    assert (b.received, b.missing) == (2, 0)
    assert where(point, wandered) == (point.code, point.code, "available")  # before any sync
    point.sync()
    hall.sync()
    assert hub_item(hub, wandered) == (point.code, point.code, "available")
    assert where(point, wandered) == (point.code, point.code, "available")
    kinds = sorted(
        x.kind for (x,) in hub.query(select(HubException)) if x.context.get("item") == wandered
    )
    assert kinds == ["shipment_extra"]  # the box it came in, nothing about a missing copy
