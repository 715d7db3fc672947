"""Holds (预约) end to end: three real desks and a real hub process over HTTP (SQLite, and
PostgreSQL when XCLIB_TEST_PG_URL is set).

A reader of one point holds a title whose only copy is at another point: the hub puts the copy
on that point's pull list, the point captures it and boxes it to the pickup point, which puts it
on the hold shelf; the copy then goes to that reader only. A copy returned at a point that
knows a waiting hold is captured by the check-in. Conflicts between points are exceptions.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from xclib_desk.errors import BlockedError, DeskError
from xclib_desk.hub import cli as hub_cli
from xclib_desk.hub.models import HubException, HubHold, HubItem, HubTransfer
from xclib_desk.models import Hold, Item, OutboxEvent, Point
from xclib_desk.services import circulation, holdings, holds, readers, shipments
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]


def hub_hold(hub: HubProc, uid: str) -> HubHold:
    [(h,)] = hub.query(select(HubHold).where(HubHold.uid == uid))
    return h


def local(st: Station, uid: str) -> holds.HoldView:
    return st.desk.read(holds.get_hold, LIB, uid)


def title_of(st: Station, bc: str) -> tuple[str, str]:
    v = st.desk.read(holdings.show_item, LIB, bc)
    return v.title.uid, v.title.title


def events(st: Station) -> int:
    with st.desk.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEvent)) or 0)


def test_a_hold_travels_from_the_pull_list_to_the_hold_shelf(
    hub: HubProc, station: MakeStation
) -> None:
    hall, a, b = station("district"), station(), station()
    bc = a.item()
    tuid, ttitle = title_of(a, bc)
    reader, other = b.reader(), b.reader()
    for st in (hall, a, b):
        st.sync()
    # placed at B (offline first: provisional), for a title B has never held
    h = b.desk.write(holds.place, LIB, reader, tuid, district_title=ttitle)
    assert h.status == "waiting" and h.provisional and h.pickup_point == b.code
    b.sync()
    hh = hub_hold(hub, h.uid)
    assert (hh.status, hh.target_item, hh.target_point) == ("waiting", bc, a.code)
    assert not local(b, h.uid).provisional  # confirmed by the hub's row
    a.sync()
    [line] = a.desk.read(holds.pull_list, LIB)
    assert (line.barcode, line.pickup_point) == (bc, b.code)
    slip = a.desk.write(holds.capture, LIB, bc)
    assert not slip.on_shelf and slip.to_point == b.code and slip.card_tail == reader[-4:]
    # the pulled copy goes in a box to the pickup point (the existing 配送 boxes)
    box = a.desk.write(shipments.new_shipment, LIB, b.code)
    a.desk.write(shipments.add_item, LIB, box.uid, bc)
    a.desk.write(shipments.dispatch, LIB, box.uid)
    a.sync()
    assert hub_hold(hub, h.uid).status == "captured"
    b.sync()
    assert [x.uid for x in b.desk.read(holds.incoming, LIB)] == [h.uid]
    b.desk.write(shipments.scan, LIB, box.uid, bc)
    b.desk.write(shipments.finish_receipt, LIB, box.uid)
    shelf = b.desk.write(holds.shelve, LIB, bc)
    assert shelf.on_shelf and shelf.shelf_expires_on is not None
    assert [x.uid for x in b.desk.read(holds.ready_for, LIB, reader)] == [h.uid]
    [call] = b.desk.read(holds.hold_shelf, LIB)
    assert call.name == "王小明" and call.masked_name == "王**"
    # anyone else is refused (a librarian may override with a reason); the reader fills it
    with pytest.raises(BlockedError) as e:
        b.desk.write(circulation.check_out, LIB, other, bc)
    assert e.value.code == "item_on_hold"
    b.desk.write(circulation.check_out, LIB, reader, bc)
    assert local(b, h.uid).status == "filled"
    b.sync()
    assert hub_hold(hub, h.uid).status == "filled"


def test_a_return_captures_the_copy_for_a_waiting_hold(hub: HubProc, station: MakeStation) -> None:
    a, b = station(), station()
    bc = a.item()
    tuid, ttitle = title_of(a, bc)
    borrower = a.reader()
    a.checkout(borrower, bc)
    reader = b.reader()
    a.sync()
    b.sync()
    h = b.desk.write(holds.place, LIB, reader, tuid, district_title=ttitle)
    b.sync()
    assert hub_hold(hub, h.uid).target_item is None  # its only copy is on loan
    a.sync()  # the waiting hold reaches A, which holds a copy of the title
    res = a.checkin(bc)
    assert res.hold is not None and res.hold.hold.uid == h.uid
    assert res.hold.to_point == b.code and not res.hold.on_shelf
    a.sync()
    assert (hub_hold(hub, h.uid).status, hub_hold(hub, h.uid).captured_item) == ("captured", bc)


def test_bad_input_is_refused_with_nothing_queued(hub: HubProc, station: MakeStation) -> None:
    a = station()
    bc = a.item()
    tuid, _ = title_of(a, bc)
    reader = a.reader()
    before = events(a)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("unknown_reader", lambda: a.desk.write(holds.place, LIB, "XC99999999", tuid)),
        ("unknown_title", lambda: a.desk.write(holds.place, LIB, reader, "no-such-title")),
        ("unknown_point", lambda: a.desk.write(holds.place, LIB, reader, tuid, pickup="NOPE")),
    ]
    for code, call in cases:
        with pytest.raises(DeskError) as e:
            call()
        assert e.value.code == code
        assert e.value.message("zh") != e.value.message("en")
    assert events(a) == before
    a.desk.write(holds.place, LIB, reader, tuid)
    with pytest.raises(DeskError) as e:
        a.desk.write(holds.place, LIB, reader, tuid)
    assert e.value.code == "hold_duplicate"
    ref = a.desk.write(
        holdings.add_title, LIB, title="新华字典", clc="H164", author="商务印书馆"
    ).uid
    a.desk.write(
        holdings.add_item, LIB, barcode="X777000001", title_ref=ref,
        call_number="H164/X1", material_type="reference", price_cents=100,
    )  # fmt: skip
    with pytest.raises(DeskError) as e:
        a.desk.write(holds.place, LIB, reader, ref)
    assert e.value.code == "not_holdable"
    with a.desk.session(write=False) as s:
        n = s.scalar(select(func.count()).select_from(Hold))
    assert n == 1


def test_the_same_reader_holding_a_title_from_two_points_is_an_exception(
    hub: HubProc, station: MakeStation
) -> None:
    a, b = station(), station()
    bc = a.item()
    tuid, ttitle = title_of(a, bc)
    reader = a.reader()
    a.sync()
    b.sync()
    first = a.desk.write(holds.place, LIB, reader, tuid)
    second = b.desk.write(holds.place, LIB, reader, tuid, district_title=ttitle)  # offline
    a.sync()
    b.sync()
    assert hub_hold(hub, first.uid).status == "waiting"
    assert hub_hold(hub, second.uid).status == "refused"
    kinds = [x.kind for (x,) in hub.query(select(HubException))]
    assert "hold_duplicate" in kinds
    b.sync()
    assert local(b, second.uid).status == "refused"
    assert any(x.kind == "hold_duplicate" for x in b.exceptions())


def test_a_copy_returned_at_the_pickup_point_goes_on_its_hold_shelf(
    hub: HubProc, station: MakeStation
) -> None:
    a, b = station(), station()
    bc = a.item()
    tuid, _ = title_of(a, bc)
    reader, borrower = a.reader(), a.reader()
    a.checkout(borrower, bc)
    h = a.desk.write(holds.place, LIB, reader, tuid)
    b.sync()
    res = a.checkin(bc)
    assert res.hold is not None and res.hold.on_shelf and res.hold.hold.uid == h.uid
    a.sync()
    hh = hub_hold(hub, h.uid)
    assert (hh.status, hh.captured_item, hh.captured_point) == ("on_shelf", bc, a.code)
    assert not hub.query(select(HubTransfer).where(HubTransfer.item == bc))


_seq = itertools.count(2 * 10**12, 1000)


def raw(st: Station, type_: str, payload: dict[str, Any]) -> dict[str, Any]:
    """An event as ``st``'s desk would send it, made by hand (a desk offline long ago)."""
    now = datetime.now(UTC)
    return {
        "event_id": str(uuid.uuid4()), "device_id": st.desk.device_id, "seq": next(_seq),
        "type": type_, "hlc": f"{int(now.timestamp() * 1000):013d}-00000-test",
        "wall_time": now.isoformat(), "staff_code": "lib", "point_code": st.code,
        "standards_version": st.outbox()[-1]["standards_version"], "payload": payload,
    }  # fmt: skip


def test_a_hold_for_a_copy_withdrawn_meanwhile_is_refused_as_an_exception(
    hub: HubProc, station: MakeStation
) -> None:
    a, b = station(), station()
    bc = a.item()
    tuid, _ = title_of(a, bc)
    card = b.reader()
    a.sync()
    b.sync()
    withdrawn = {"barcode": bc, "status": "withdrawn", "previous": "available", "reason": "剔旧"}
    gone = raw(a, "item.status_changed", withdrawn)
    assert a.push_results([gone])[0]["status"] == "applied"
    uid = str(uuid.uuid4())
    placed = raw(b, "hold.placed", {
        "uid": uid, "card_no": card, "title_uid": tuid, "item": bc, "pickup_point": b.code,
        "placed_at": datetime.now(UTC).isoformat(), "lapse_on": "2099-01-01"})  # fmt: skip
    [res] = b.push_results([placed])
    assert res["status"] == "applied_with_flag" and res["code"] == "hold_copy_unavailable"
    assert hub_hold(hub, uid).status == "refused"
    [(x,)] = hub.query(select(HubException).where(HubException.kind == "hold_copy_unavailable"))
    assert set(x.points) == {a.code, b.code}


def test_a_reader_blocked_while_waiting_is_an_exception_at_the_sweep(
    hub: HubProc, station: MakeStation
) -> None:
    a = station()
    bc = a.item()
    tuid, _ = title_of(a, bc)
    card, borrower = a.reader(), a.reader()
    a.checkout(borrower, bc)
    h = a.desk.write(holds.place, LIB, card, tuid)
    a.desk.write(readers.block, LIB, card, "遗失图书")
    a.sync()
    assert hub_cli.main(["holds", "sweep", "--db", hub.db, "--json"]) == 0
    kinds = {x.context.get("hold"): x.kind for (x,) in hub.query(select(HubException))}
    assert kinds.get(h.uid) == "hold_reader_unable"
    assert hub_hold(hub, h.uid).status == "waiting"  # kept, not served


def owner_at(st: Station, bc: str) -> str:
    with st.desk.session(write=False) as s:
        return str(
            s.scalar(
                select(Point.code)
                .join(Item, Item.owner_point_id == Point.id)
                .where(Item.barcode == bc)
            )
        )


def test_a_copy_sent_to_fill_a_hold_keeps_its_owner_and_goes_home_after_the_loan(
    hub: HubProc, station: MakeStation
) -> None:
    a, b = station(), station()
    bc, plain = a.item(), a.item()  # ``plain`` travels in the same box as ordinary distribution
    tuid, ttitle = title_of(a, bc)
    reader = b.reader()
    a.sync()
    b.sync()
    h = b.desk.write(holds.place, LIB, reader, tuid, district_title=ttitle)
    b.sync()
    a.sync()
    a.desk.write(holds.capture, LIB, bc)
    box = a.desk.write(shipments.new_shipment, LIB, b.code).uid
    for x in (bc, plain):
        a.desk.write(shipments.add_item, LIB, box, x)
    a.desk.write(shipments.dispatch, LIB, box)
    a.sync()
    b.sync()
    for x in (bc, plain):
        b.desk.write(shipments.scan, LIB, box, x)
    b.desk.write(shipments.finish_receipt, LIB, box)
    # at the desk: the held copy visits B, the distributed one is B's now
    assert (owner_at(b, bc), owner_at(b, plain)) == (a.code, b.code)
    b.desk.write(holds.shelve, LIB, bc)
    b.sync()
    # at the hub too, and B's desk keeps it after the hub's rows
    owners = dict(hub.query(select(HubItem.barcode, HubItem.owner).where(
        HubItem.barcode.in_([bc, plain]))))  # fmt: skip
    assert owners == {bc: a.code, plain: b.code}
    assert (owner_at(b, bc), owner_at(b, plain)) == (a.code, b.code)
    b.checkout(reader, bc)
    assert local(b, h.uid).status == "filled"
    res = b.checkin(bc)  # the reader returns it: it is routed home
    assert res.route_to == a.code and res.hold is None
    b.sync()
    [(t,)] = hub.query(select(HubTransfer).where(HubTransfer.item == bc))
    assert (t.from_point, t.to_point, t.reason) == (b.code, a.code, "return_home")


def test_the_hub_sweeps_the_queues_on_its_own(
    hub: HubProc, tmp_path: Path, station: MakeStation
) -> None:
    """A second server of the same database with the timer on (1 s): the blocked reader's
    exception appears with no push and no ``holds sweep`` by hand."""
    from sync_fixtures import HubProc, free_port

    a = station()
    bc = a.item()
    tuid, _ = title_of(a, bc)
    card, borrower = a.reader(), a.reader()
    a.checkout(borrower, bc)
    h = a.desk.write(holds.place, LIB, card, tuid)
    a.sync()
    a.desk.write(readers.block, LIB, card, "遗失图书")  # after the hold's own push
    a.sync()

    def flagged() -> bool:
        kinds = {x.context.get("hold"): x.kind for (x,) in hub.query(select(HubException))}
        return kinds.get(h.uid) == "hold_reader_unable"

    assert not flagged()  # the push alone does not sweep
    timed = HubProc(db=hub.db, port=free_port(), log=tmp_path / "timed.log")
    timed.extra["holds_sweep_every"] = 1
    timed.start()
    try:
        deadline = time.monotonic() + 30
        while not flagged() and time.monotonic() < deadline:
            time.sleep(0.3)
    finally:
        timed.stop()
    assert flagged()
    assert hub_hold(hub, h.uid).status == "waiting"
