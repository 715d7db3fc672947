"""The holds page (预约) and the circulation page's hold banners, driven by scanner keystrokes:
a return captured for a hold says 放预约架, the reader's next card scan says what waits for
them, the pull list captures a copy and F8 packs it for the pickup point, Ctrl+H places a hold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import FRONT, LIBRARIAN, on_next_modal, scan, type_text

from xclib_desk.services import circulation, holds


def test_a_return_goes_to_the_hold_shelf_and_the_reader_is_told(  # type: ignore[no-untyped-def]
    window, kit, qtbot
) -> None:
    tuid = kit.title()
    bc = kit.item(title_uid=tuid)
    reader, borrower = kit.reader(name="李小红"), kit.reader()
    kit.desk.write(circulation.check_out, FRONT, borrower, bc)
    h = kit.desk.write(holds.place, FRONT, reader, tuid)
    page = window.circulation
    qtbot.keyClick(page.scan, Qt.Key.Key_F3)  # return mode
    scan(qtbot, page.scan, bc)
    qtbot.waitUntil(lambda: "放预约架" in page.message.text())
    assert page.message.kind == "route" and "李**" in page.message.text()
    qtbot.keyClick(page.scan, Qt.Key.Key_F2)  # check-out mode: the reader comes back
    scan(qtbot, page.scan, reader)
    qtbot.waitUntil(lambda: "预约书待取" in page.message.text())
    scan(qtbot, page.scan, bc)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)
    assert kit.desk.read(holds.get_hold, FRONT, h.uid).status == "filled"


def test_pull_list_capture_and_pack_for_the_pickup_point(  # type: ignore[no-untyped-def]
    make_window, kit, qtbot
) -> None:
    window = make_window(LIBRARIAN)
    tuid = kit.title()
    bc = kit.item(title_uid=tuid)
    kit.desk.write(holds.place, FRONT, kit.reader(), tuid, pickup="DSJD")
    page = window.holds
    window.nav.setCurrentRow(window.stack.indexOf(page))
    scan(qtbot, page.pull_scan, bc)
    qtbot.waitUntil(lambda: "送往" in page.message.text())
    assert "DSJD" in page.message.text() and page.pack_button.isEnabled()
    qtbot.keyClick(page.pull_scan, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: "已装入配送单" in page.message.text())
    assert "DSJD" in page.message.text()


def test_ctrl_h_places_a_hold_and_the_shelf_lists_whom_to_call(  # type: ignore[no-untyped-def]
    window, kit, qtbot
) -> None:
    tuid = kit.title()
    kit.item(title_uid=tuid)
    card = kit.reader(name="王大力")
    page = window.holds
    window.nav.setCurrentRow(window.stack.indexOf(page))
    page.tabs.setCurrentIndex(2)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the page's F2 needs it

    def fill(dlg):  # type: ignore[no-untyped-def]
        type_text(qtbot, dlg.card, card)
        qtbot.keyClick(dlg.card, Qt.Key.Key_Return)
        type_text(qtbot, dlg.what, tuid)
        qtbot.keyClick(dlg.what, Qt.Key.Key_Return)

    on_next_modal(fill)
    qtbot.keyClick(page.all_table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "已预约《红楼梦》" in page.message.text())
    assert "待中心确认" in page.message.text()
    qtbot.waitUntil(lambda: page.all_table.rowCount() == 1)
    [v] = kit.desk.read(holds.reader_holds, FRONT, card)
    assert v.status == "waiting" and v.provisional
