"""Property-based simulation: N points, random desk work, partitions, restarts, lost answers.

After the network heals and every point syncs twice: every point and the hub agree on the loans
of the copies the point owns, no loan is lost or counted twice, at most one loan per copy is open,
and every conflict the hub found reached each point involved exactly once.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from xclib_desk.errors import DeskError
from xclib_desk.hub.models import HubEvent, HubException, HubItem, HubLoan
from xclib_desk.models import Item, OutboxEvent, Point, Reader
from xclib_desk.services import circulation, readers, shipments
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
N_POINTS = 3

OPS = st.sampled_from(
    ["item", "reader", "checkout", "checkout", "checkout", "checkin", "checkin", "renew",
     "block", "unblock", "sync", "sync", "partition", "heal", "restart", "lost_answer",
     "ship", "receive"]
)  # fmt: skip
STEP = st.tuples(st.integers(0, N_POINTS - 1), OPS, st.integers(0, 10_000))


class LoseAnswer(requests.Session):
    def post(self, url: Any, *args: Any, **kw: Any) -> requests.Response:  # type: ignore[override]
        r = super().post(url, *args, **kw)
        if str(url).endswith("/v1/push"):
            raise requests.ConnectionError("answer lost")
        return r


def _local(st_: Station, q: Any) -> list[Any]:
    with st_.desk.session(write=False) as s:
        return list(s.execute(q).all())


def _step(
    hub: HubProc, points: list[Station], offline: set[int], step: tuple[int, str, int]
) -> None:
    from sync_fixtures import ship

    i, op, k = step
    p = points[i]
    try:
        if op == "item":
            p.item()
        elif op == "reader":
            p.reader()
        elif op == "checkout":
            items = [
                bc for (bc,) in _local(p, select(Item.barcode).where(Item.status == "available"))
            ]
            cards = [
                c for (c,) in _local(p, select(Reader.card_no).where(Reader.status == "active"))
            ]
            if items and cards:
                p.checkout(cards[k % len(cards)], items[k % len(items)])
        elif op in ("checkin", "renew"):
            out = sorted(p.open_loans())
            if out:
                bc = out[k % len(out)]
                if op == "checkin":
                    p.checkin(bc)
                else:
                    p.desk.write(circulation.renew, LIB, bc)
        elif op in ("block", "unblock"):
            mine = [
                c for (c,) in _local(p, select(Reader.card_no).where(Reader.index_only.is_(False)))
            ]
            if mine:
                card = mine[k % len(mine)]
                if op == "block":
                    p.desk.write(readers.block, LIB, card, "模拟停用")
                else:
                    p.desk.write(readers.unblock, LIB, card)
        elif op == "sync" and i not in offline:
            p.engine.run_once()
        elif op == "partition":
            offline.add(i)
        elif op == "heal":
            offline.discard(i)
        elif op == "restart":
            p.reopen()
        elif op == "lost_answer" and i not in offline:
            p.engine = p.new_engine(http=LoseAnswer())
            p.engine.run_once()
            p.engine = p.new_engine()
        elif op == "ship":  # a box (配送) of one copy on this shelf for the next point
            here = _local(
                p,
                select(Item.barcode)
                .join(Point, Point.id == Item.location_point_id)
                .where(Point.code == p.code, Item.status == "available"),
            )
            if here:
                (bc,) = here[k % len(here)]
                ship(p, points[(i + 1) % N_POINTS], [bc])
        elif op == "receive":  # every box here received; every third one loses a copy
            for box in p.desk.read(shipments.incoming, LIB):
                view = p.desk.read(shipments.get_shipment, LIB, box.uid)
                drop = 1 if k % 3 == 0 else 0
                for line in view.lines[drop:]:
                    p.desk.write(shipments.scan, LIB, box.uid, line.barcode)
                p.desk.write(shipments.finish_receipt, LIB, box.uid)
    except DeskError:
        pass  # a refusal at the desk is normal work (quota, blocked card, ...)


@pytest.mark.slow
def test_everyone_agrees_after_syncing_twice(
    hub: HubProc, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from sync_fixtures import Station, deliver, point_code

    @settings(
        max_examples=int(os.environ.get("XCLIB_SIM_EXAMPLES", "20")),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(steps=st.lists(STEP, min_size=15, max_size=40))
    def run(steps: list[tuple[int, str, int]]) -> None:
        root: Path = tmp_path_factory.mktemp("sim")
        points = [Station(hub, root, point_code()) for _ in range(N_POINTS)]
        try:
            # every point starts with a shelf and readers, known to the hub
            shared = []
            for p in points:
                shared.append(p.item())
                p.item()
                p.reader()
                p.reader()
                p.sync()
            for p in points:
                p.sync()  # every point knows the others
            # each point's first copy is shipped to the next point: two desks know it
            for n, bc in enumerate(shared):
                deliver(points[n], points[(n + 1) % N_POINTS], [bc])
            offline: set[int] = set()
            for step in steps:
                _step(hub, points, offline, step)
            for _ in range(2):
                for p in points:
                    res = p.engine.run_once()
                    assert res.ok, res.error
            check(hub, points)
            if os.environ.get("XCLIB_SIM_VERBOSE"):
                n_x = sum(len(p.exceptions()) for p in points)
                print(f"steps={len(steps)} exceptions(local)={n_x}")
        finally:
            for p in points:
                p.close()

    run()


def check(hub: HubProc, points: list[Station]) -> None:
    codes = [p.code for p in points]
    made: dict[str, str] = {}  # loan uid -> point, from every desk's own outbox
    for p in points:
        assert p.engine.status().pending == 0
        for (payload,) in _local(
            p, select(OutboxEvent.payload).where(OutboxEvent.type == "loan.checked_out")
        ):
            assert payload["loan_uid"] not in made
            made[payload["loan_uid"]] = p.code
        # every event in the ledger exactly once (event id is the ledger key)
        ids = {e for (e,) in _local(p, select(OutboxEvent.event_id))}
        got = {e for (e,) in hub.query(select(HubEvent.event_id).where(HubEvent.event_id.in_(ids)))}
        assert got == ids
    hub_loans = {ln.uid: ln for (ln,) in hub.query(select(HubLoan).where(HubLoan.point.in_(codes)))}
    # no loan lost, none invented
    assert set(made) == {u for u, ln in hub_loans.items() if ln.checked_out_at is not None}
    # at most one open loan per copy
    open_items = [ln.item for ln in hub_loans.values() if ln.returned_at is None]
    assert len(open_items) == len(set(open_items))
    for p in points:
        # the point and the hub agree on the open loans of the copies it owns
        owned = {bc for (bc,) in hub.query(select(HubItem.barcode).where(HubItem.owner == p.code))}
        hub_open = {
            ln.item: ln.uid
            for ln in hub_loans.values()
            if ln.returned_at is None and ln.item in owned
        }
        local = {bc: uid for bc, uid in p.open_loans().items() if bc in owned}
        assert local == hub_open, p.code
        # and on their status
        hub_status = dict(
            hub.query(select(HubItem.barcode, HubItem.status).where(HubItem.owner == p.code))
        )
        local_status = dict(
            _local(
                p,
                select(Item.barcode, Item.status)
                .join(Point, Point.id == Item.owner_point_id)
                .where(Point.code == p.code),
            )
        )
        assert local_status == hub_status, p.code
    # every conflict surfaced once: each superseded loan is in exactly one exception, and each
    # exception reached every point it names exactly once
    xs = [x for (x,) in hub.query(select(HubException)) if set(x.points) & set(codes)]
    superseded = [u for u, ln in hub_loans.items() if ln.closed_by == "superseded"]
    for uid in superseded:
        assert (
            sum(1 for x in xs if x.kind == "double_loan" and x.context["closed_loan"]["uid"] == uid)
            == 1
        )
    for p in points:
        local = [x.uid for x in p.exceptions()]
        assert len(local) == len(set(local))
        assert set(local) == {x.uid for x in xs if p.code in x.points}
