"""Online (union) search on the Holdings page against a real hub process: the district's copies
with their point and availability in a section marked as online; offline, a clear message."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from sync_fixtures import HubProc, Station, hub, station  # noqa: F401 - fixtures
from ui_helpers import FRONT, LIBRARIAN, type_text

from xclib_desk.ui.context import UiContext
from xclib_desk.ui.main_window import MainWindow


def open_window(st: Station, qtbot: Any) -> MainWindow:
    ctx = UiContext(st.desk, LIBRARIAN, "zh")
    ctx.sync_engine = st.engine
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # Ctrl+Enter is a page shortcut
    return window


def test_online_search_shows_district_copies_then_offline_message(  # type: ignore[no-untyped-def]
    hub: HubProc,  # noqa: F811
    station,  # noqa: F811
    qtbot,
) -> None:
    other, here = station(), station()
    copies = [other.item() for _ in range(3)]
    card = other.reader()
    other.checkout(card, copies[0])  # one of the three is out
    other.sync()
    here.sync()

    window = open_window(here, qtbot)
    try:
        page = window.holdings
        window.nav.setCurrentRow(window.stack.indexOf(page))
        assert page.online_box.title().startswith("联网结果")
        page.query.setFocus()
        type_text(qtbot, page.query, "城南旧事")
        qtbot.keyClick(page.query, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: page.online_table.rowCount() == 1, timeout=20_000)
        assert page.online_table.cell_text(0, 0) == "城南旧事"
        assert page.online_table.cell_text(0, 4) == "3"  # copies district-wide
        assert page.online_table.cell_text(0, 5) == "2"  # on a shelf now
        assert "联网结果" in page.online_info.text() and "1 个服务点" in page.online_info.text()
        rows = {
            page.online_copies.cell_text(r, 0): (
                page.online_copies.cell_text(r, 1),
                page.online_copies.cell_text(r, 2),
            )
            for r in range(page.online_copies.rowCount())
        }
        assert set(rows) == set(copies)
        assert all(other.code in where for where, _ in rows.values())
        assert rows[copies[0]][1] == "借出"
        assert rows[copies[1]][1] == rows[copies[2]][1] == "可借"
        # the local search ran too, and this point has no copy of it
        qtbot.waitUntil(lambda: page.query.op is None)
        assert page.table.rowCount() == 0

        hub.stop()  # the network is down
        page.search_online()
        qtbot.waitUntil(lambda: page.online_message.isVisible(), timeout=30_000)
        assert page.online_message.kind == "error"
        assert "无法连接区中心" in page.online_message.text()
        assert "仅显示本馆结果" in page.online_message.text()
        assert page.online_table.rowCount() == 0  # no stale district answers
    finally:
        if hub.proc is None:
            hub.start()
        window.timer.stop()
        window.ctx.ops.shutdown()


def test_online_search_on_a_desk_never_enrolled(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.ctx.actor == FRONT
    page = window.holdings
    window.nav.setCurrentRow(window.stack.indexOf(page))
    type_text(qtbot, page.query, "红楼梦")
    qtbot.mouseClick(page.online_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.online_message.isVisible())
    assert "尚未登记到区中心" in page.online_message.text()
