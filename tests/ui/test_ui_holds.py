"""The holds page (预约) and the circulation page's hold banners, driven by scanner keystrokes:
a return captured for a hold says 放预约架, the reader's next card scan says what waits for
them, the pull list captures a copy and F8 packs it for the pickup point, Ctrl+H places a hold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from sync_fixtures import hub, station  # noqa: F401 - a real hub and desks enrolled with it
from test_holds_notice import on_the_shelf_at_b
from ui_helpers import FRONT, LIBRARIAN, go_to, on_next_modal, scan, type_text

from xclib_desk.services import circulation, holds
from xclib_desk.ui.context import UiContext
from xclib_desk.ui.main_window import MainWindow


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


def test_the_slip_and_the_call_list_print_on_the_roll_and_the_lists_export(  # type: ignore[no-untyped-def]
    make_window, kit, qtbot, tmp_path
) -> None:
    window = make_window(LIBRARIAN)
    tuid = kit.title()
    books = [kit.item(title_uid=tuid) for _ in range(3)]
    readers = [kit.reader(name=n) for n in ("张三丰", "李小红", "王大力")]
    for bc, card in zip(books, readers, strict=True):
        kit.desk.write(circulation.check_out, FRONT, kit.reader(), bc)
        kit.desk.write(holds.place, FRONT, card, tuid)
    page = window.holds
    go_to(qtbot, window, page)
    qtbot.keyClick(page.pull_scan, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is page  # Ctrl+P is the page's here
    assert page.message.kind == "error" and "没有预约书条" in page.message.text()
    slips = [kit.desk.write(circulation.check_in, FRONT, bc).hold for bc in books]
    x = slips[0]  # returned here: each copy goes on this point's hold shelf for its hold
    assert x is not None and x.on_shelf
    page._shelved(x)  # what the shelf scan shows and remembers for Ctrl+P
    path = tmp_path / "slip.pdf"
    assert page.print_slip(pdf_path=path)
    assert page.message.kind == "ok"
    text = one_page(path)
    assert "预约架" in text and x.barcode in text and x.card_tail in text
    assert "张**" in text and "张三丰" not in text  # the slip shows the reader masked
    kit.desk.write(holds.cancel, FRONT, slips[2].hold.uid)
    page.tabs.setCurrentIndex(1)
    page.activated()
    qtbot.waitUntil(lambda: page.shelf_table.rowCount() == 2)
    calls = tmp_path / "calls.pdf"
    assert page.print_call_list(pdf_path=calls)
    text = one_page(calls)
    assert "（2 " in text and all(c.hold.card_no in text for c in page.shelf_rows)
    for suffix in ("xlsx", "csv"):
        out = tmp_path / f"holds.{suffix}"
        page.export_lists(out)
        # the message names this file once it is written (the file appears before it is full)
        qtbot.waitUntil(lambda out=out: str(out) in page.message.text())
    csv_text = (tmp_path / "holds.csv").read_text("utf-8-sig")
    assert "待通知读者 to call" in csv_text and all(c.hold.card_no in csv_text
                                                    for c in page.shelf_rows)  # fmt: skip


def one_page(path):  # type: ignore[no-untyped-def]
    pdf = QPdfDocument()
    assert pdf.load(str(path)) == QPdfDocument.Error.None_
    assert pdf.pageCount() == 1  # one slip on the 80 mm roll, cut to its length
    assert abs(pdf.pagePointSize(0).width() - 80 / 25.4 * 72) < 1
    return pdf.getAllText(0).text()


def test_a_card_scan_at_a_point_without_the_hold_names_the_pickup_point(  # type: ignore[no-untyped-def]
    station,  # noqa: F811 - the fixture imported above
    qtbot,
) -> None:
    """Three real desks and a real hub: A's reader holds at A for pickup at B; the copy is on
    B's hold shelf. At C, which never received the hold, scanning the card says where it
    waits (the district reader index); after the reader collects it at B, C says nothing."""
    a, b, c = station(), station(), station()
    reader = a.reader()
    for st in (a, b, c):
        st.sync()
    _, bc = on_the_shelf_at_b(a, b, reader)
    c.sync()
    ctx = UiContext(c.desk, FRONT, "zh")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.circulation
    scan(qtbot, page.scan, reader)
    qtbot.waitUntil(lambda: "预约图书已到" in page.message.text())
    assert page.message.kind == "route" and f"服务点{b.code}" in page.message.text()
    assert page.r_holds.isVisible() and b.code in page.r_holds.text()
    b.checkout(reader, bc)
    b.sync()
    c.sync()
    scan(qtbot, page.scan, reader)
    qtbot.waitUntil(lambda: page.account is not None and page.account.holds_ready_at == [])
    assert not page.r_holds.isVisible() and "预约图书已到" not in page.message.text()
