"""The demo network, seeded through a real hub: the branch's history, the hall's work, and the
syncs that carry each point's events to the other.

1. The branch desk does months of its own work (:func:`.simulation.generate`), enrols and
   pushes it: the hub learns its titles, copies, readers and loans from those events.
2. The hall desk enrols and pulls (the district reader index brings the branch's readers),
   catalogues its copies, lends some to the branch's readers, dispatches a box of new books to
   the branch (:func:`.hall.hall_work`), and pushes.
3. A third of the hall's lent copies are brought back to the branch (return anywhere): the
   branch fetches each copy from the hub, takes it back, and it is routed home. Its last sync
   brings the hall's box and copies as the hub's feed gives them.

No row reaches a desk any other way than its own services or the hub's feed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ..clock import FixedClock, SystemClock
from ..common.times import BEIJING
from ..services import circulation
from ..sync.engine import SyncEngine, SyncResult
from .hall import HallWork, hall_work, open_hall
from .network import BRANCH, FRONT, HALL
from .simulation import DemoSummary, desk_time, generate, open_point


@dataclass
class NetworkSummary:
    """What the seeding made: the branch's own history, the hall's work, the copies returned."""

    branch: DemoSummary
    hall: HallWork
    returned_home: list[str] = field(default_factory=list)  # hall copies taken back here


def synced(result: SyncResult) -> SyncResult:
    if not result.ok:
        raise RuntimeError(f"demo sync failed: {result.error}")
    return result


def seed(
    root: Path,
    connect: Callable[[], tuple[str, Callable[[str], str]]],
    *,
    now: datetime | None = None,
    readers: int = 200,
    titles: int = 300,
    items: int = 600,
    loans: int = 300,
    seed: int = 1,
) -> NetworkSummary:
    """The branch's store at ``root/desk`` and the hall's at ``root/hall``, both enrolled with
    a hub and synced. ``connect`` is called once the branch's own history is made (so the hub
    can start meanwhile); it returns the hub's URL and a function giving a one-time enrolment
    code for a point registered there. ``now`` fixes both desks' clocks (tests); by default the
    branch keeps the system clock."""
    code, name, level, _parent = BRANCH
    desk = open_point(root / "desk", code, name, level, FixedClock(now) if now else SystemClock())
    try:
        history = generate(desk, readers=readers, titles=titles, items=items, loans=loans,
                           seed=seed)  # fmt: skip
        hub_url, enrol_code = connect()
        engine = SyncEngine(desk)
        engine.enrol(hub_url, enrol_code(code))
        synced(engine.run_once())

        hall = open_hall(root / "hall", desk.clock.now())
        try:
            hall_engine = SyncEngine(hall)
            hall_engine.enrol(hub_url, enrol_code(HALL))
            synced(hall_engine.run_once())  # the branch's readers, by the district index
            work = hall_work(hall, seed=seed)
            synced(hall_engine.run_once())
        finally:
            hall.close()

        summary = NetworkSummary(branch=history, hall=work)
        rng = random.Random(seed + 13)
        original = desk.clock
        clock = FixedClock(original.now())
        desk.clock = clock
        today = clock.now().astimezone(BEIJING).date()
        try:
            for bc in work.lent[: len(work.lent) // 3]:
                clock.at = desk_time(today - timedelta(days=rng.randint(1, 8)), rng)
                if engine.fetch_item(bc):  # a copy this desk has never seen, from the hub
                    desk.write(circulation.check_in, FRONT, bc)
                    summary.returned_home.append(bc)
        finally:
            desk.clock = original
        synced(engine.run_once())
    finally:
        desk.close()
    return summary
