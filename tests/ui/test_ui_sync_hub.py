"""The status bar and Sync page against a real hub process on loopback.

Offline (hub down): the check-outs wait and the bar says so; hub back, "sync now" (F5): the bar
turns online and nothing waits any more.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sync_fixtures import HubProc, hub  # noqa: F401 - the hub fixture
from ui_helpers import FRONT, scan

from xclib_desk.demo.names import resident_id
from xclib_desk.desk import Desk
from xclib_desk.services import holdings, readers, staff
from xclib_desk.services.context import SYSTEM, Actor
from xclib_desk.sync.engine import SyncEngine
from xclib_desk.sync.tokens import FileTokenStore
from xclib_desk.ui.context import UiContext
from xclib_desk.ui.main_window import MainWindow

LIB = Actor("lib", "librarian", "李馆员")


@pytest.fixture()
def enrolled(hub: HubProc, tmp_path: Path):  # type: ignore[no-untyped-def]  # noqa: F811
    code = "UI" + tmp_path.name[-6:].upper().replace("_", "")
    code = "".join(ch for ch in code if ch.isalnum())[:12]
    desk = Desk.initialise(
        tmp_path / "desk", point_code=code, point_name="界面测试点", level="community"
    )
    desk.write(
        staff.add_staff, SYSTEM, code="desk", name="张前台", role="desk", password="desk1234"
    )
    hub.add_point(code, name="界面测试点")
    engine = SyncEngine(desk, tokens=FileTokenStore(desk.data_dir), page_size=200, timeout=10)
    engine.enrol(hub.url, hub.enrol_code(code))
    yield desk, engine
    desk.close()


def test_offline_to_online_updates_status_bar(enrolled, hub: HubProc, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    desk, engine = enrolled

    title = desk.write(holdings.add_title, LIB, title="城南旧事", clc="I246.57", author="林海音")
    items = []
    for n in range(3):
        bc = f"X8{abs(hash(desk.device_id)) % 10**6:06d}{n:02d}"
        desk.write(
            holdings.add_item, LIB, barcode=bc, title_ref=title.uid, call_number="I246.57/L544"
        )
        items.append(bc)

    rid = resident_id(random.Random(desk.device_id), date(1980, 3, 3), set())
    card = f"XC9{abs(hash(desk.device_id)) % 10**7:07d}"
    desk.write(
        readers.register, LIB, card_no=card, name="王小明", reader_type="adult", id_number=rid
    )

    ctx = UiContext(desk, FRONT, "zh")
    ctx.sync_engine = engine
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    try:
        hub.stop()  # the network is down
        page = window.circulation
        scan(qtbot, page.scan, card)
        for bc in items:
            scan(qtbot, page.scan, bc)
        qtbot.waitUntil(lambda: page.loans_table.rowCount() == 3)
        window.sync_now()  # F5 while offline: refused by the network, nothing lost
        qtbot.waitUntil(lambda: window.sync._sync_op is None, timeout=30_000)
        assert "同步未完成" in window.sync.message.text()
        window.refresh_status()
        qtbot.waitUntil(
            lambda: (
                window.st_pending.text().startswith("待同步 ")
                and "最早" in window.st_pending.text()
            )
        )
        assert window.st_online.text() == "○ 离线"
        assert window.st_last.text() == "上次同步：从未"

        hub.start()  # the network is back
        qtbot.keyClick(window, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: window.sync._sync_op is None, timeout=30_000)
        assert "同步完成" in window.sync.message.text(), window.sync.message.text()
        window.refresh_status()
        qtbot.waitUntil(
            lambda: (
                window.st_pending.text() == "待同步 0 条"
                and window.st_last.text() == "上次同步：刚刚"
            ),
            timeout=10_000,
        )
        assert window.st_online.text() == "● 在线"
        qtbot.waitUntil(lambda: window.sync.tabs.tabText(0) == "待同步 (0)")
    finally:
        if hub.proc is None:
            hub.start()
        window.timer.stop()
        ctx.ops.shutdown()


def test_setup_enrols_with_the_hub_and_a_bad_code_leaves_no_store(  # type: ignore[no-untyped-def]
    hub: HubProc,  # noqa: F811 - the fixture
    tmp_path: Path,
    qtbot,
) -> None:
    from xclib_desk.store import STORE_FILE
    from xclib_desk.ui.setup import SetupDialog

    code = "UISET" + tmp_path.name[-4:].upper().replace("_", "X")
    hub.add_point(code, name="登记测试点", level="community")
    target = tmp_path / "store"
    dlg = SetupDialog(target, "zh")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.enrol.isEnabled()
    dlg.enrol.setChecked(True)
    dlg.hub_url.setText(hub.url)
    dlg.enrol_code.setText("WRONG-CODE")
    dlg.point_code.setText(code)
    dlg.point_name.setText("登记测试点")
    dlg.level.setCurrentIndex(dlg.level.findData("community"))
    dlg.admin_name.setText("王管理")
    dlg.admin_pw.setText("admin1234")
    dlg.admin_pw2.setText("admin1234")
    dlg.submit()
    qtbot.waitUntil(lambda: dlg.error.isVisible(), timeout=30_000)
    assert "登记未成功" in dlg.error.text()
    assert not (target / STORE_FILE).exists()  # refused: nothing left behind
    dlg.enrol_code.setText(hub.enrol_code(code))
    dlg.submit()
    qtbot.waitUntil(lambda: dlg.desk is not None, timeout=30_000)
    assert dlg.desk is not None
    status = SyncEngine(dlg.desk).status()
    assert status.enrolled and status.hub_url == hub.url
    dlg.desk.close()
