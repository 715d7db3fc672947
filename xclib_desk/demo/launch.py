"""``xclib-desk demo`` without its window: create the demo network once, reconnect it later.

Everything lives in one directory: the hub's SQLite database and log, the branch's store
(``desk``) and the hall's (``hall``). A first run registers the demo points with the hub and
seeds both desks through it (:func:`.seed.seed`); a later run finds the branch's store, points
it at the hub's new port and syncs. The desk application opens the branch's store afterwards.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..desk import Desk
from ..errors import DeskError
from ..sync.engine import SyncEngine
from .embedded_hub import HubAdmin, LocalHub
from .seed import seed, synced

STAFF_HINT = "admin/admin1234 · lib/lib12345 · desk/desk1234"


def local_hub(root: Path) -> LocalHub:
    """The demo's hub process for ``root`` (not started)."""
    return LocalHub(f"sqlite:///{root / 'hub.sqlite3'}", root / "hub.log")


#: There while the network is being seeded: a first run stopped half-way starts over.
SEEDING = "seeding"


def _has_store(desk_dir: Path) -> bool:
    try:
        Desk.open(desk_dir).close()
    except DeskError:
        return False
    return True


def _boot(hub: LocalHub) -> HubAdmin:
    """Start the hub and register the demo points, as its administrator would."""
    hub.start()
    admin = HubAdmin(hub)
    admin.add_demo_points()
    return admin


def prepare(root: Path, hub: LocalHub, say: Callable[[str], object] = print) -> Path:
    """Start ``hub``, then create (first time) or reconnect (later) the demo network; returns
    the branch desk's data directory."""
    desk_dir = root / "desk"
    if (root / SEEDING).exists() or not _has_store(desk_dir):
        # a half-made earlier attempt starts over, hub included
        (root / SEEDING).touch()
        for leftover in (root / "hub.sqlite3", root / "hub.sqlite3-wal", root / "hub.sqlite3-shm"):
            leftover.unlink(missing_ok=True)
        for leftover_dir in (desk_dir, root / "hall"):
            if leftover_dir.exists():
                shutil.rmtree(leftover_dir)
        say("xclib-desk demo: 生成演示数据并同步 / generating demo data, syncing")
        with ThreadPoolExecutor(max_workers=1) as pool:  # the hub boots while the branch works
            booted = pool.submit(_boot, hub)
            try:
                seed(root, lambda: (hub.url, booted.result().enrol_code))
            finally:
                booted.result().close()
        (root / SEEDING).unlink()
        return desk_dir
    hub.start()
    desk = Desk.open(desk_dir)
    try:
        engine = SyncEngine(desk)
        engine.set_hub_url(hub.url)
        say("xclib-desk demo: 同步 / sync")
        synced(engine.run_once())
    finally:
        desk.close()
    return desk_dir
