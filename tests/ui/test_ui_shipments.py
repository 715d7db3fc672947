"""The Shipments page (配送) against a real hub process: the hall dispatches a box, the point
syncs, and staff receive it by scanning — one copy missing, one extra, one damaged."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import select
from sync_fixtures import HubProc, Station, hub, station  # noqa: F401 - fixtures
from ui_helpers import LIBRARIAN, on_next_modal, scan, type_text

from xclib_desk.models import Item
from xclib_desk.services import shipments
from xclib_desk.ui.context import UiContext
from xclib_desk.ui.main_window import MainWindow
from xclib_desk.ui.shipments import box_number


def status_of(st: Station, barcode: str) -> str:
    with st.desk.session(write=False) as s:
        return s.scalars(select(Item.status).where(Item.barcode == barcode)).one()


def dispatched_box(hall: Station, point: Station, books: list[str]) -> Any:
    """A box of ``books`` packed and dispatched at the hall for ``point``, both synced."""
    hall.sync()
    point.sync()
    box = hall.desk.write(shipments.new_shipment, LIBRARIAN, point.code, "新书配送")
    for bc in books:
        hall.desk.write(shipments.add_item, LIBRARIAN, box.uid, bc)
    hall.desk.write(shipments.dispatch, LIBRARIAN, box.uid)
    hall.sync()
    point.sync()
    return box


def open_window(st: Station, qtbot: Any) -> MainWindow:
    ctx = UiContext(st.desk, LIBRARIAN, "zh")
    ctx.sync_engine = st.engine
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # page shortcuts (F9, Ctrl+Enter) need it
    return window


def test_receive_by_scanning_one_missing_one_extra_one_damaged(  # type: ignore[no-untyped-def]
    hub: HubProc,  # noqa: F811
    station,  # noqa: F811
    qtbot,
) -> None:
    hall, point = station("district"), station()
    books = [hall.item() for _ in range(4)]
    stray = hall.item()  # put in the box by mistake, not on its list
    box = dispatched_box(hall, point, books)

    window = open_window(point, qtbot)
    try:
        page = window.shipments
        window.nav.setCurrentRow(window.stack.indexOf(page))
        panel = page.receive
        qtbot.waitUntil(lambda: panel.incoming_table.rowCount() == 1)
        # a box number staff can read out, the same the hall derives: not a UUID fragment
        number = panel.incoming_table.cell_text(0, 0)
        assert number == box_number(box) and re.fullmatch(rf"{hall.code}-\d{{4}}-\d{{4}}", number)
        assert panel.incoming_table.cell_text(0, 2) == "4"
        qtbot.keyClick(panel.incoming_table, Qt.Key.Key_Return)  # open the selected box
        qtbot.waitUntil(lambda: panel.box is not None and panel.scan.isEnabled())
        assert panel.counts.text() == "应到 4 · 已收 0 · 未扫 4 · 多出 0 · 破损 0"

        for bc in books[:3]:
            scan(qtbot, panel.scan, bc)
        qtbot.waitUntil(lambda: "已收 3" in panel.counts.text())
        assert panel.message.kind == "ok" and "还剩 1 册未扫" in panel.message.text()
        assert status_of(point, books[0]) == "available"  # on the shelf here at once

        scan(qtbot, panel.scan, stray)
        qtbot.waitUntil(lambda: "多出 1" in panel.counts.text())
        assert panel.message.kind == "error"  # beeps and turns red
        assert f"多出：{stray}" in panel.message.text()
        assert panel.state_of(stray) == "多出（不在清单）"

        scan(qtbot, panel.scan, books[0])  # the same copy again: nothing changes
        qtbot.waitUntil(lambda: panel.message.kind == "route")
        assert "已扫描过" in panel.message.text() and "已收 3" in panel.counts.text()

        def damaged(dlg: Any) -> None:
            type_text(qtbot, dlg.reason, "封面撕裂")
            dlg.accept()

        panel.table.clearSelection()
        panel.table.setCurrentCell(-1, -1)
        panel.last_barcode = books[2]
        on_next_modal(damaged)
        qtbot.keyClick(panel.scan, Qt.Key.Key_F9)
        qtbot.waitUntil(lambda: "破损 1" in panel.counts.text())
        assert panel.state_of(books[2]) == "已收到，破损"
        window.activateWindow()  # offscreen Qt does not hand activation back after a dialog
        qtbot.waitUntil(window.isActiveWindow)

        on_next_modal(lambda ask: qtbot.keyClick(ask, Qt.Key.Key_Y))  # yes, 1 copy is missing
        qtbot.keyClick(panel.scan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: "接收完成" in panel.message.text())
        assert "收到 3 册，缺失 1 册，多出 1 册，破损 1 册" in panel.message.text()
        assert panel.message.kind == "error"  # problems to report, not a plain success
        assert panel.state_of(books[3]) == "缺失"
        assert not panel.scan.isEnabled()
        qtbot.waitUntil(lambda: panel.incoming_table.rowCount() == 0)
    finally:
        window.timer.stop()
        window.ctx.ops.shutdown()

    event = point.desk.read(shipments.get_shipment, LIBRARIAN, box.uid)
    assert (event.received, event.missing, event.extra, event.damaged) == (3, 1, 1, 1)
    assert status_of(point, books[2]) == "damaged"
    point.sync()
    hall.sync()
    sent = hall.desk.read(shipments.get_shipment, LIBRARIAN, box.uid)
    assert sent.status == "received" and sent.missing == 1


def test_pack_by_scanning_and_dispatch(hub: HubProc, station, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    hall, point = station("district"), station()
    books = [hall.item() for _ in range(2)]
    hall.sync()
    point.sync()
    hall.sync()  # the hall knows the new point now
    window = open_window(hall, qtbot)
    try:
        page = window.shipments
        window.nav.setCurrentRow(window.stack.indexOf(page))
        page.tabs.setCurrentWidget(page.send)
        send = page.send
        qtbot.waitUntil(lambda: send.destination.findData(point.code) >= 0)
        send.destination.setCurrentIndex(send.destination.findData(point.code))
        qtbot.mouseClick(send.new_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: send.box is not None and send.scan.isEnabled())
        for bc in books:
            scan(qtbot, send.scan, bc)
        qtbot.waitUntil(lambda: send.table.rowCount() == 2)
        scan(qtbot, send.scan, "NOT-A-CODE")  # refused in words, nothing packed
        qtbot.waitUntil(lambda: send.message.kind == "error")
        assert send.table.rowCount() == 2
        qtbot.keyClick(send.scan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: "已发出配送单" in send.message.text())
        assert "2 册在途" in send.message.text()
    finally:
        window.timer.stop()
        window.ctx.ops.shutdown()
    assert [status_of(hall, bc) for bc in books] == ["in_transit", "in_transit"]


def test_finishing_with_unscanned_copies_asks_and_esc_changes_nothing(  # type: ignore[no-untyped-def]
    hub: HubProc,  # noqa: F811
    station,  # noqa: F811
    qtbot,
) -> None:
    hall, point = station("district"), station()
    books = [hall.item() for _ in range(8)]
    box = dispatched_box(hall, point, books)

    window = open_window(point, qtbot)
    asked: list[str] = []

    def answer(key: Qt.Key) -> Any:
        def act(dlg: QWidget) -> None:
            assert isinstance(dlg, QMessageBox)
            asked.append(dlg.text() + "\n" + dlg.informativeText())
            qtbot.keyClick(dlg, key)

        return act

    try:
        panel = window.shipments.receive
        window.nav.setCurrentRow(window.stack.indexOf(window.shipments))
        qtbot.waitUntil(lambda: panel.incoming_table.rowCount() == 1)
        qtbot.keyClick(panel.incoming_table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.box is not None and panel.scan.isEnabled())
        scan(qtbot, panel.scan, books[0])
        qtbot.waitUntil(lambda: "已收 1" in panel.counts.text())

        on_next_modal(answer(Qt.Key.Key_Escape))  # Esc: keep scanning
        qtbot.keyClick(panel.scan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: len(asked) == 1)
        assert "还有 7 册未扫描" in asked[0] and "缺失" in asked[0]
        assert all(bc in asked[0] for bc in books[1:6])  # the first few, by barcode
        assert "另有 2 册" in asked[0] and books[7] not in asked[0]
        qtbot.wait(100)
        assert panel.scan.isEnabled() and panel.box.status == "dispatched"
        assert panel.state_of(books[1]) == "待扫描"
        assert point.desk.read(shipments.get_shipment, LIBRARIAN, box.uid).status == "dispatched"
        assert status_of(point, books[1]) != "missing"

        scan(qtbot, panel.scan, books[1])  # the receipt went on
        qtbot.waitUntil(lambda: "已收 2" in panel.counts.text())
        window.activateWindow()  # offscreen Qt does not hand activation back after a dialog
        qtbot.waitUntil(window.isActiveWindow)
        on_next_modal(answer(Qt.Key.Key_Y))  # Y: mark them missing and finish
        qtbot.keyClick(panel.scan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: "接收完成" in panel.message.text())
        assert "还有 6 册未扫描" in asked[1]
        assert "收到 2 册，缺失 6 册" in panel.message.text()
        assert panel.state_of(books[7]) == "缺失" and not panel.scan.isEnabled()
    finally:
        window.timer.stop()
        window.ctx.ops.shutdown()
    event = point.desk.read(shipments.get_shipment, LIBRARIAN, box.uid)
    assert (event.status, event.received, event.missing) == ("received", 2, 6)
