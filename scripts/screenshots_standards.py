"""Screenshots of the standards, compliance and district statistics pages (scripts/screenshots).

The demo network behind every shot comes from here (:func:`demo_network`): a local hub process
(SQLite, free port) with the demo points, and the branch's and the hall's desks seeded and synced
through it, as ``xclib-desk demo`` makes them. These pages need that hub: a copy of the branch's
store syncs with it as the same device, and a district key and an admin token are made with the
hub CLI, as an administrator would. The copy keeps the other screenshots' store untouched (their
window is given no sync engine, so it shows a desk that is not enrolled).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from xclib_desk.demo.embedded_hub import HubAdmin, hub_cli
from xclib_desk.demo.launch import local_hub
from xclib_desk.demo.seed import NetworkSummary, seed
from xclib_desk.desk import Desk
from xclib_desk.services import duty
from xclib_desk.services.context import Actor
from xclib_desk.sync.admin_client import save_admin_token
from xclib_desk.sync.engine import SyncEngine
from xclib_desk.sync.tokens import FileTokenStore
from xclib_desk.ui.context import UiContext
from xclib_desk.ui.duty import ChecklistDialog
from xclib_desk.ui.main_window import MainWindow
from xclib_desk.ui.packageform import TableEditor

ADMIN = Actor("admin", "admin", "王管理")
PASS = "screenshot-pass"
_state: dict[str, Any] = {}


def demo_network(root: Path) -> NetworkSummary:
    """The demo network under ``root``, as ``xclib-desk demo`` makes it (smaller): a hub process
    with the demo points, the branch's and the hall's desks seeded and synced through it. The
    hub keeps running for the standards shots until :func:`close_network`."""
    os.environ["XCLIB_DESK_NO_KEYRING"] = "1"  # never touch the keyring of whoever runs this
    hub = local_hub(root)
    hub.start()
    _state["hub"] = hub
    admin = HubAdmin(hub)
    _state["admin"] = admin
    admin.add_demo_points()
    return seed(
        root,
        lambda: (hub.url, admin.enrol_code),
        readers=120,
        titles=150,
        items=300,
        loans=160,
        seed=3,
    )


def close_network() -> None:
    for desk in [_state.pop("desk", None)]:
        if desk is not None:
            desk.close()
    admin, hub = _state.pop("admin", None), _state.pop("hub", None)
    if admin is not None:
        admin.close()
    if hub is not None:
        hub.stop()


def _setup(desk: Desk) -> tuple[Desk, SyncEngine, str]:
    """A copy of the branch's store (the other shots' store stays as it is), syncing with the
    demo's hub as the same device, with the district key and an admin token."""
    if "desk" in _state:
        return _state["desk"], _state["engine"], _state["key"]
    os.environ["XCLIB_KEY_PASSPHRASE"] = PASS
    hub, admin = _state["hub"], _state["admin"]
    root = Path(tempfile.mkdtemp(prefix="xclib-shots-standards-"))
    atexit.register(lambda: shutil.rmtree(root, ignore_errors=True))
    shutil.copytree(desk.data_dir, root / "desk")
    copy = Desk.open(root / "desk")
    engine = SyncEngine(copy, tokens=FileTokenStore(copy.data_dir), timeout=30)
    copy.write(duty.sign_on, ADMIN)  # one of the two staff a street branch needs
    engine.run_once()
    key = json.loads(hub_cli("keys-new", "--db", hub.db, "--out", str(root / "keys"), "--json"))[
        "result"
    ]
    save_admin_token(copy.data_dir, copy.device_id, admin.token)
    _state.update(desk=copy, engine=engine, key=key["private"])
    return copy, engine, key["private"]


def standards_shots(
    desk: Desk,
    lang: str,
    out: Path,
    size: tuple[int, int],
    settle: Callable[..., None],
    save: Callable[[Any, Path, str], None],
    modal_shot: Callable[[Callable[[], object], Path, str], None],
) -> None:
    copy, engine, key = _setup(desk)
    ctx = UiContext(copy, ADMIN, lang)
    ctx.sync_engine = engine
    win = MainWindow(ctx)
    win.resize(*size)
    win.show()
    settle(300, until=lambda: bool(win.st_staff.text()))

    win.nav.setCurrentRow(win.stack.indexOf(win.compliance))
    settle(until=lambda: win.compliance.view.figures.rowCount() > 0)
    save(win, out, "11-compliance")
    modal_shot(
        lambda: ChecklistDialog(ctx, win).exec(),
        out,
        "16-services-checklist",
    )

    page = win.standards
    assert page is not None
    win.nav.setCurrentRow(win.stack.indexOf(page))
    settle(until=lambda: page.overview is not None and bool(page.form.editors), limit_ms=15000)
    page.form.tabs.setCurrentIndex(1)  # 统一服务: the loan rules
    loans = page.form.editor("service", "loan_rules")
    assert isinstance(loans, TableEditor)
    t = loans.table
    rt, mt = loans.cols.index("reader_type"), loans.cols.index("material_type")
    child = next(r for r in range(t.rowCount()) if t.item(r, rt).text() == "child")
    renewals = t.item(child, loans.cols.index("renewals"))
    kept = renewals.text()
    for r in range(t.rowCount()):
        if t.item(r, rt).text() == "adult" and t.item(r, mt).text() == "*":
            t.item(r, loans.cols.index("loan_days")).setText("60")
    renewals.setText("-1")  # a bad value: its message shows in place
    page.check()
    save(win, out, "12-standards-draft")
    renewals.setText(kept)
    page.tabs.setCurrentIndex(1)
    page.key_file.setText(key)
    settle()
    save(win, out, "13-standards-diff")
    page.tabs.setCurrentIndex(2)
    save(win, out, "14-standards-versions")
    page.tabs.setCurrentIndex(3)
    settle(until=lambda: page.district.grid.rowCount() > 0, limit_ms=15000)
    save(win, out, "15-district-compliance")

    # the Statistics page's district scope (全区): the hub's tables, circulation by point
    stats = win.stats
    win.nav.setCurrentRow(win.stack.indexOf(stats))
    settle(until=lambda: len(stats.tables) == 6)
    stats.scope.setCurrentIndex(stats.scope.findData("district"))
    settle(until=lambda: stats.shown_scope == "district", limit_ms=15000)
    stats.tabs.setCurrentIndex(stats.by_point_tab)
    save(win, out, "17-district-stats")
    win.timer.stop()
    ctx.ops.shutdown()
    win.close()
    QApplication.processEvents()
