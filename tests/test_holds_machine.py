"""The hold life cycle as a hypothesis state machine across two real desks and a real hub
process (SQLite, and PostgreSQL when XCLIB_TEST_PG_URL is set), with partitions: at each step a
point places, cancels, works its pull list, boxes, receives, shelves, lends (to the hold's
reader, or tries another reader), takes returns, lets a shelf copy expire, syncs, or drops off
the network and comes back.

After every step, at each desk: a copy is set aside for at most one hold; a hold is filled at
most once; every hold filled was filled by a loan to its own reader (a loan to anyone else is
refused while the copy waits for its reader). At the end, with the network healed and every
point synced twice, at the hub too, and every hold placed ends in exactly one state that the
hub and the desks that know it agree on. Few examples (``XCLIB_HOLD_MACHINE_EXAMPLES``, default
3): each step is real HTTP and real SQLite; marked slow.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, Phase, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from xclib_desk.errors import BlockedError, DeskError
from xclib_desk.hub.models import HubEvent, HubHold, HubLoan
from xclib_desk.models import Hold, Item, OutboxEvent, Point, Reader, Title
from xclib_desk.services import circulation, holds, shipments
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
N = 2
AT = st.integers(0, N - 1)
K = st.integers(0, 1000)


def _rows(p: Station, q: Any) -> list[Any]:
    with p.desk.session(write=False) as s:
        return list(s.execute(q).all())


def desk_promises(p: Station) -> None:
    """What one desk must never show, whatever the network did."""
    held = [bc for (bc,) in _rows(p, select(Hold.captured_item).where(
        Hold.status.in_(("captured", "on_shelf"))))]  # fmt: skip
    assert all(n == 1 for n in Counter(held).values()), ("copy held twice", p.code, held)
    filled = [e for (e,) in _rows(p, select(OutboxEvent.payload).where(
        OutboxEvent.type == "hold.filled"))]  # fmt: skip
    assert all(n == 1 for n in Counter(e["uid"] for e in filled).values()), filled
    lent_to = {e["loan_uid"]: e["card_no"] for (e,) in _rows(p, select(OutboxEvent.payload)
               .where(OutboxEvent.type == "loan.checked_out"))}  # fmt: skip
    for e in filled:
        [(hold_card,)] = _rows(p, select(Hold.card_no).where(Hold.uid == e["uid"]))
        assert lent_to[e["loan_uid"]] == hold_card, ("filled for another reader", e)


def hub_promises(hub: HubProc, points: list[Station], placed: set[str]) -> None:
    hh = {h.uid: h for (h,) in hub.query(select(HubHold).where(HubHold.uid.in_(placed)))}
    # every hold placed reached the hub and ended in exactly one state, the desks agreeing
    assert set(hh) == placed
    for h in hh.values():
        assert h.status in holds.STATUSES
        event(f"a hold ended {h.status}")
    for p in points:
        for uid, status in _rows(p, select(Hold.uid, Hold.status).where(Hold.uid.in_(placed))):
            assert status == hh[uid].status, (p.code, uid, status, hh[uid].status)
    held = Counter(h.captured_item for h in hh.values() if h.status in ("captured", "on_shelf"))
    assert all(n == 1 for n in held.values()), held
    fills = Counter(
        e.payload["uid"]
        for (e,) in hub.query(select(HubEvent).where(HubEvent.type == "hold.filled"))
        if e.payload["uid"] in placed and e.status == "accepted"
    )
    assert all(n == 1 for n in fills.values()), fills
    for (e,) in hub.query(select(HubEvent).where(HubEvent.type == "hold.filled")):
        if e.payload["uid"] in placed:
            [(loan,)] = hub.query(select(HubLoan).where(HubLoan.uid == e.payload["loan_uid"]))
            assert loan.card_no == hh[e.payload["uid"]].card_no


@pytest.mark.slow
def test_the_hold_life_cycle_as_a_state_machine(
    hub: HubProc, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from sync_fixtures import Station, point_code

    class HoldMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            root: Path = tmp_path_factory.mktemp("holdmachine")
            self.points = [Station(hub, root, point_code()) for _ in range(N)]
            for p in self.points:  # each point: two copies of its title, two readers
                p.item()
                p.item()
                p.reader()
                p.reader()
                p.sync()
            for p in self.points:
                p.sync()
            self.offline: set[int] = set()
            self.placed: set[str] = set()

        def teardown(self) -> None:
            try:
                for _ in range(2):
                    for p in self.points:
                        res = p.engine.run_once()
                        assert res.ok, res.error
                hub_promises(hub, self.points, self.placed)
            finally:
                for p in self.points:
                    p.close()

        def attempt(self, fn: Any, *args: Any, **kw: Any) -> Any:
            try:
                return fn(*args, **kw)
            except DeskError:
                return None  # a refusal is normal work (limit, duplicate, copy lent meanwhile)

        @rule(i=AT, j=AT, k=K)
        def place(self, i: int, j: int, k: int) -> None:
            p = self.points[i]
            cards = [c for (c,) in _rows(p, select(Reader.card_no))]
            titles = _rows(p, select(Title.uid, Title.title).where(Title.title == "城南旧事"))
            uid, text = titles[k % len(titles)]
            v = self.attempt(p.desk.write, holds.place, LIB, cards[k % len(cards)], uid,
                             pickup=self.points[j].code, district_title=text)  # fmt: skip
            if v is not None:
                self.placed.add(v.uid)

        @initialize(k=K)
        def each_point_places_one_for_the_other(self, k: int) -> None:
            for i in range(N):  # copies then travel: pulled at i, boxed to the other point
                self.place(i, (i + 1) % N, k)

        @rule(i=AT, k=K)
        def place_to_collect_here(self, i: int, k: int) -> None:
            self.place(i, i, k)

        @rule(i=AT, k=K)
        def cancel(self, i: int, k: int) -> None:
            p = self.points[i]
            mine = [v for v in p.desk.read(holds.list_holds, LIB) if v.status in holds.ACTIVE]
            if mine:
                self.attempt(p.desk.write, holds.cancel, LIB, mine[k % len(mine)].uid)

        @rule(i=AT)
        def pull(self, i: int) -> None:
            p = self.points[i]
            for line in p.desk.read(holds.pull_list, LIB)[:2]:
                self.attempt(p.desk.write, holds.capture, LIB, line.barcode)

        @rule(i=AT)
        def ship(self, i: int) -> None:
            p = self.points[i]
            for v in p.desk.read(holds.list_holds, LIB, "captured"):
                if v.captured_point == p.code and v.captured_item:
                    self.attempt(p.desk.write, shipments.pack_for_hold, LIB, v.captured_item)
            for box in p.desk.read(shipments.list_shipments, LIB, "out", "open"):
                self.attempt(p.desk.write, shipments.dispatch, LIB, box.uid)

        @rule(i=AT)
        def receive_and_shelve(self, i: int) -> None:
            p = self.points[i]
            for box in p.desk.read(shipments.incoming, LIB):
                for line in p.desk.read(shipments.get_shipment, LIB, box.uid).lines:
                    self.attempt(p.desk.write, shipments.scan, LIB, box.uid, line.barcode)
                self.attempt(p.desk.write, shipments.finish_receipt, LIB, box.uid)
            for v in p.desk.read(holds.incoming, LIB):
                if v.captured_item:
                    self.attempt(p.desk.write, holds.shelve, LIB, v.captured_item)

        @rule(i=AT, k=K, own=st.booleans())
        def lend_from_the_shelf(self, i: int, k: int, own: bool) -> None:
            p = self.points[i]
            shelf = p.desk.read(holds.hold_shelf, LIB)
            if not shelf:
                return
            x = shelf[k % len(shelf)]
            assert x.hold.captured_item is not None
            if own:
                self.attempt(p.desk.write, circulation.check_out, LIB, x.hold.card_no,
                             x.hold.captured_item)  # fmt: skip
                return
            others = [c for (c,) in _rows(p, select(Reader.card_no)) if c != x.hold.card_no]
            if others:  # anyone else is refused while the copy waits for its reader
                with pytest.raises(BlockedError):
                    p.desk.write(circulation.check_out, LIB, others[k % len(others)],
                                 x.hold.captured_item)  # fmt: skip

        @rule(i=AT, k=K)
        def lend_or_return(self, i: int, k: int) -> None:
            p = self.points[i]
            out = sorted(p.open_loans())
            if out and k % 2:
                self.attempt(p.desk.write, circulation.check_in, LIB, out[k % len(out)])
                return
            here = _rows(p, select(Item.barcode).join(Point, Point.id == Item.location_point_id)
                         .where(Point.code == p.code, Item.status == "available"))  # fmt: skip
            cards = [c for (c,) in _rows(p, select(Reader.card_no))]
            if here and cards:
                self.attempt(p.desk.write, circulation.check_out, LIB, cards[k % len(cards)],
                             here[k % len(here)][0])  # fmt: skip

        @rule(i=AT)
        def expire(self, i: int) -> None:
            p = self.points[i]
            for v in p.desk.read(holds.hold_shelf, LIB)[:1]:
                self.attempt(p.desk.write, holds.expire, LIB, v.hold.uid)

        @rule(i=AT)
        def sync(self, i: int) -> None:
            if i not in self.offline:
                self.points[i].engine.run_once()

        @rule(i=AT, k=K)
        def a_working_hour(self, i: int, k: int) -> None:
            """The usual round at one point, so that holds get far in few steps: sync, work
            the pull list, box, sync, receive, shelve, serve the readers who come."""
            self.sync(i)
            self.pull(i)
            self.ship(i)
            self.sync(i)
            self.receive_and_shelve(i)
            self.lend_from_the_shelf(i, k, own=True)

        @rule(i=AT)
        def partition_or_heal(self, i: int) -> None:
            self.offline ^= {i}

        @invariant()
        def desks_keep_their_promises(self) -> None:
            for p in self.points:
                desk_promises(p)

    run_state_machine_as_test(
        HoldMachine,
        settings=settings(
            max_examples=int(os.environ.get("XCLIB_HOLD_MACHINE_EXAMPLES", "3")),
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            phases=(Phase.explicit, Phase.generate),  # no shrinking: each step is real I/O
        ),
    )
