"""Property-based simulation of the hold life cycle across points, with partitions (hypothesis).

Three real desks and a real hub process (SQLite, and PostgreSQL when XCLIB_TEST_PG_URL is set).
Random steps: readers place holds (for pickup at any point, the same title twice from two points
now and then), cancel them, points work their pull lists and box the copies, receive boxes and
shelve held copies, lend and return, expire uncollected copies, sync, drop off the network and
come back. After the network heals and every point syncs twice, the hub's promises hold: a copy
is set aside for at most one hold, no two waiting holds are aimed at one copy and every aimed
copy is on the shelf where the hub says, no reader holds a title twice or holds more than the
package allows, every hold event reached the ledger once, and each point sees the holds it
placed as the hub does.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from xclib_desk.errors import DeskError
from xclib_desk.hub.models import HubEvent, HubHold, HubItem
from xclib_desk.models import Hold, Item, OutboxEvent, Point, Reader, Title
from xclib_desk.services import circulation, holds, shipments
from xclib_desk.services.context import Actor
from xclib_desk.standards.policy import load_bundled

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
N_POINTS = 3

OPS = st.sampled_from(
    ["place", "place", "place", "cancel", "pull", "pull", "ship", "receive", "shelve",
     "checkout", "checkin", "checkin", "expire", "sync", "sync", "sync", "partition", "heal"]
)  # fmt: skip
STEP = st.tuples(st.integers(0, N_POINTS - 1), OPS, st.integers(0, 10_000))


def _local(p: Station, q: Any) -> list[Any]:
    with p.desk.session(write=False) as s:
        return list(s.execute(q).all())


def _step(points: list[Station], offline: set[int], step: tuple[int, str, int]) -> None:
    i, op, k = step
    p = points[i]
    try:
        if op == "place":
            cards = [c for (c,) in _local(p, select(Reader.card_no))]
            titles = _local(p, select(Title.uid, Title.title).where(Title.title == "城南旧事"))
            if cards and titles:
                uid, text = titles[k % len(titles)]
                pickup = points[k % N_POINTS].code
                p.desk.write(holds.place, LIB, cards[k % len(cards)], uid, pickup=pickup,
                             district_title=text)  # fmt: skip
        elif op == "cancel":
            mine = [v for v in p.desk.read(holds.list_holds, LIB) if v.status in holds.ACTIVE]
            if mine:
                p.desk.write(holds.cancel, LIB, mine[k % len(mine)].uid)
        elif op == "pull":
            for line in p.desk.read(holds.pull_list, LIB)[:2]:
                p.desk.write(holds.capture, LIB, line.barcode)
        elif op == "ship":
            for v in p.desk.read(holds.list_holds, LIB, "captured"):
                if v.captured_point == p.code and v.captured_item:
                    p.desk.write(shipments.pack_for_hold, LIB, v.captured_item)
            for box in p.desk.read(shipments.list_shipments, LIB, "out", "open"):
                p.desk.write(shipments.dispatch, LIB, box.uid)
        elif op == "receive":
            for box in p.desk.read(shipments.incoming, LIB):
                view = p.desk.read(shipments.get_shipment, LIB, box.uid)
                for line in view.lines:
                    p.desk.write(shipments.scan, LIB, box.uid, line.barcode)
                p.desk.write(shipments.finish_receipt, LIB, box.uid)
        elif op == "shelve":
            for v in p.desk.read(holds.incoming, LIB):
                if v.captured_item:
                    p.desk.write(holds.shelve, LIB, v.captured_item)
        elif op == "checkout":
            shelf = p.desk.read(holds.hold_shelf, LIB)
            if shelf:  # the reader comes for the copy
                x = shelf[k % len(shelf)]
                p.desk.write(circulation.check_out, LIB, x.hold.card_no, x.hold.captured_item)
            else:
                shelf_q = (
                    select(Item.barcode)
                    .join(Point, Point.id == Item.location_point_id)
                    .where(Point.code == p.code, Item.status == "available")
                )
                here = _local(p, shelf_q)
                cards = [c for (c,) in _local(p, select(Reader.card_no))]
                if here and cards:
                    p.checkout(cards[k % len(cards)], here[k % len(here)][0])
        elif op == "checkin":
            out = sorted(p.open_loans())
            if out:
                p.checkin(out[k % len(out)])
        elif op == "expire":
            for v in p.desk.read(holds.hold_shelf, LIB)[:1]:
                p.desk.write(holds.expire, LIB, v.hold.uid)
        elif op == "sync" and i not in offline:
            p.engine.run_once()
        elif op == "partition":
            offline.add(i)
        elif op == "heal":
            offline.discard(i)
    except DeskError:
        pass  # a refusal at the desk is normal work (limit, duplicate, a copy lent meanwhile)


@pytest.mark.slow
def test_holds_keep_their_promises_across_points(
    hub: HubProc, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from sync_fixtures import Station, point_code

    @settings(
        max_examples=int(os.environ.get("XCLIB_HOLD_SIM_EXAMPLES", "4")),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(steps=st.lists(STEP, min_size=15, max_size=40))
    def run(steps: list[tuple[int, str, int]]) -> None:
        root: Path = tmp_path_factory.mktemp("holdsim")
        points = [Station(hub, root, point_code()) for _ in range(N_POINTS)]
        try:
            for p in points:  # each point: two copies of its title, two readers
                p.item()
                p.item()
                p.reader()
                p.reader()
                p.sync()
            for p in points:
                p.sync()
            offline: set[int] = set()
            for step in steps:
                _step(points, offline, step)
            for _ in range(2):
                for p in points:
                    res = p.engine.run_once()
                    assert res.ok, res.error
            check(hub, points)
        finally:
            for p in points:
                p.close()

    run()


def check(hub: HubProc, points: list[Station]) -> None:
    codes = [p.code for p in points]
    hub_holds = {h.uid: h for (h,) in hub.query(select(HubHold))}
    mine = {uid: h for uid, h in hub_holds.items() if h.placed_point in codes}
    for status in sorted({h.status for h in mine.values()}):
        event(f"a hold ended {status}")  # what the run exercised (--hypothesis-show-statistics)
    # every hold event of every desk reached the ledger, once
    for p in points:
        assert p.engine.status().pending == 0
        q = select(OutboxEvent.event_id).where(OutboxEvent.type.like("hold.%"))
        ids = {e for (e,) in _local(p, q)}
        known = select(HubEvent.event_id).where(HubEvent.event_id.in_(ids))
        got = {e for (e,) in hub.query(known)}
        assert got == ids
    # a copy is set aside for at most one hold
    captured = Counter(
        h.captured_item for h in mine.values() if h.status in ("captured", "on_shelf")
    )
    assert all(n == 1 for n in captured.values()), captured
    # no two waiting holds aimed at one copy, and an aimed copy is where the hub says
    aimed = [h for h in mine.values() if h.status == "waiting" and h.target_item]
    assert len({h.target_item for h in aimed}) == len(aimed)
    for h in aimed:
        [(it,)] = hub.query(select(HubItem).where(HubItem.barcode == h.target_item))
        assert (it.status, it.location) == ("available", h.target_point)
        assert h.target_item not in captured
    # no reader holds a title twice, nor more than the package allows
    active = [h for h in mine.values() if h.status in ("waiting", "captured", "on_shelf")]
    pairs = Counter((h.card_no, h.title_uid) for h in active)
    assert all(n == 1 for n in pairs.values()), pairs
    limit = load_bundled().service.holds
    per_card = Counter(h.card_no for h in active)
    assert all(n <= limit.limit("adult") for n in per_card.values()), per_card
    # each point sees the holds it placed as the hub does
    for p in points:
        for uid, status, provisional in _local(
            p, select(Hold.uid, Hold.status, Hold.provisional).where(Hold.placed_point == p.code)
        ):
            assert not provisional
            assert status == hub_holds[uid].status, (p.code, uid)
