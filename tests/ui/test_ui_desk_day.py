"""Pages of a desk's day besides circulation, driven by keystrokes: inventory (盘点) with its
discrepancy report, a title's copies on the Holdings page, a box's packing slip, the period
every compliance figure counts, Qt's own dialogs in Chinese, and a window that opens maximised
and stays so across a language switch."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox
from ui_helpers import FRONT, LIBRARIAN, go_to, on_next_modal, scan, type_text

from xclib_desk.desk import Desk
from xclib_desk.services import circulation, compliance, shipments
from xclib_desk.ui.app import DeskApp, ensure_app, install_translator
from xclib_desk.ui.shipments import box_number, packing_slip_html

WAIT = 15_000  # ms: a generous bound for a loaded machine; a working page answers at once


def answer(button: QMessageBox.StandardButton) -> None:
    on_next_modal(lambda box: box.button(button).click())  # type: ignore[attr-defined]


# --- inventory --------------------------------------------------------------------------------
def test_inventory_page_scans_a_shelf_and_reports_what_differs(
    make_window, kit, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    uid = kit.title()
    shelf = [kit.item(title_uid=uid) for _ in range(4)]  # call number I242.47/C521
    stray = kit.item(title_uid=uid, owner="DSJD")  # another point's copy on our shelf
    w = make_window(LIBRARIAN)
    page = w.inventory
    go_to(qtbot, w, page)
    assert page.call_from.hasFocus()
    type_text(qtbot, page.call_from, "I2")
    qtbot.keyClick(page.call_from, Qt.Key.Key_Tab)
    type_text(qtbot, page.call_to, "I3")
    qtbot.keyClick(page.call_to, Qt.Key.Key_Return)  # Enter starts the inventory
    qtbot.waitUntil(lambda: page.scan.isEnabled() and page.scan.hasFocus(), timeout=WAIT)
    assert "I2 – I3" in page.title.text()

    for bc in shelf[:3]:
        scan(qtbot, page.scan, bc)
    qtbot.waitUntil(lambda: page.scans.rowCount() == 3, timeout=WAIT)
    assert page.message.kind == "ok" and "在架" in page.message.text()
    scan(qtbot, page.scan, shelf[0])  # the same copy twice counts once
    qtbot.waitUntil(lambda: "已扫过" in page.message.text(), timeout=WAIT)
    scan(qtbot, page.scan, stray)
    qtbot.waitUntil(lambda: page.scans.rowCount() == 4, timeout=WAIT)
    assert page.message.kind == "error" and "属于其他服务点" in page.message.text()
    scan(qtbot, page.scan, "X999999999")
    qtbot.waitUntil(lambda: page.scans.rowCount() == 5, timeout=WAIT)
    assert "本馆没有此条码" in page.message.text()
    assert page.tally.text() == "已扫 5 · 在架 3 · 错架 1 · 异常 1"

    answer(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(page.scan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.report is not None, timeout=WAIT)
    assert not page.scan.isEnabled()
    # the other point's copy is recorded here, so expected too, and found misplaced
    assert page.summary.text() == "应在架 5 册：找到 3，缺失 1；另有错架 1，异常 1。"
    missing = page.lists["missing"]
    assert missing.rowCount() == 1 and missing.cell_text(0, 0) == shelf[3]
    assert missing.cell_text(0, 3) == "应在架，未扫到"
    assert page.report_tabs.tabText(0) == "缺失 1"
    assert page.lists["misplaced"].cell_text(0, 4) == "DSJD"
    assert page.lost_button.isEnabled() and page.home_button.isEnabled()

    answer(QMessageBox.StandardButton.Yes)
    page.lost_button.click()
    qtbot.waitUntil(lambda: kit.item_status(shelf[3]) == "lost", timeout=WAIT)
    qtbot.waitUntil(lambda: "已标记丢失 1 册" in page.message.text(), timeout=WAIT)
    op = page.export(tmp_path / "inventory.csv")
    qtbot.waitUntil(lambda: "已导出" in page.message.text(), timeout=WAIT)
    assert op is not None and shelf[3] in (tmp_path / "inventory.csv").read_text("utf-8-sig")


def test_inventory_actions_are_the_librarians(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    kit.items(2)
    w = make_window(FRONT)
    page = w.inventory
    go_to(qtbot, w, page)
    qtbot.keyClick(page.call_to, Qt.Key.Key_Return)  # both bounds empty: the whole collection
    qtbot.waitUntil(lambda: page.scan.isEnabled(), timeout=WAIT)
    assert "全部馆藏" in page.title.text()
    answer(QMessageBox.StandardButton.No)  # Esc's answer: still scanning
    qtbot.keyClick(page.scan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(100)
    assert page.scan.isEnabled() and page.report is None
    page.finish(confirm=False)
    qtbot.waitUntil(lambda: page.report is not None, timeout=WAIT)
    assert page.lists["missing"].rowCount() == 2
    assert not page.lost_button.isEnabled()  # the desk role scans; a librarian confirms
    assert "馆员" in page.lost_button.toolTip()


def test_an_inventory_left_open_is_resumed_with_its_scans(
    make_window, kit, qtbot, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    from xclib_desk.services import inventory

    items = kit.items(3)
    v = desk.write(inventory.start, LIBRARIAN, None, None)
    desk.write(inventory.scan, LIBRARIAN, v.uid, items[0])
    w = make_window(LIBRARIAN)
    page = w.inventory
    go_to(qtbot, w, page)
    qtbot.waitUntil(lambda: page.open_list.count() == 1, timeout=WAIT)
    assert page.open_list.itemText(0) == "全部馆藏，已扫 1 册"
    page.open_list.setFocus()
    qtbot.keyClick(page.open_list, Qt.Key.Key_Return)
    page._resume()  # what choosing it does (a closed combo's Enter is the platform's)
    qtbot.waitUntil(lambda: page.scan.isEnabled() and page.scans.rowCount() == 1, timeout=WAIT)
    scan(qtbot, page.scan, items[1])
    qtbot.waitUntil(lambda: page.tally.text().startswith("已扫 2"), timeout=WAIT)


# --- holdings ---------------------------------------------------------------------------------
def test_selecting_a_title_lists_its_copies_with_point_names(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    uid = kit.title("边城", clc="I246.5")
    ours = [kit.item(title_uid=uid) for _ in range(2)]
    theirs = kit.item(title_uid=uid, owner="DSJD")
    w = make_window(LIBRARIAN)
    page = w.holdings
    go_to(qtbot, w, page)
    scan(qtbot, page.query, "边城")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: page.copies.rowCount() == 3, timeout=WAIT)
    assert [page.copies.cell_text(r, 0) for r in range(3)] == [*ours, theirs]  # ours first
    assert page.copies.cell_text(0, 2) == "本馆" and page.copies.cell_text(0, 3) == "本馆"
    assert page.copies.cell_text(2, 3) == "德胜街道分馆（DSJD）"  # a name, not only a code
    assert page.copies_label.text() == "《边城》的复本：3 册"
    page.copies.setFocus()
    qtbot.keyClick(page.copies, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # last copy
    assert page.copies.currentRow() == 2
    qtbot.waitUntil(
        lambda: "所属服务点：德胜街道分馆（DSJD）" in page.item_detail.text(), timeout=WAIT
    )
    assert theirs in page.item_detail.text()


# --- shipments: the box number and its packing slip -------------------------------------------
def test_a_box_prints_its_packing_slip_with_its_number(make_window, kit, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    books = kit.items(3)
    w = make_window(LIBRARIAN)
    page = w.shipments
    go_to(qtbot, w, page)
    page.tabs.setCurrentWidget(page.send)
    panel = page.send
    qtbot.waitUntil(lambda: panel.destination.count() >= 2, timeout=WAIT)
    panel.destination.setCurrentIndex(panel.destination.findData("DSJD"))
    panel.new_box()
    qtbot.waitUntil(lambda: panel.scan.isEnabled() and panel.box is not None, timeout=WAIT)
    assert not panel.slip_button.isEnabled()  # an empty box has no list
    qtbot.keyClick(panel.scan, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert w.stack.currentWidget() is page  # Ctrl+P is the page's here, not the receipt's
    assert panel.message.kind == "error" and "没有装箱单可打印" in panel.message.text()
    for bc in books:
        scan(qtbot, panel.scan, bc)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 3, timeout=WAIT)
    box = panel.box
    assert box is not None
    number = box_number(box)
    assert re.fullmatch(r"XJK-\d{4}-\d{4}", number) and number in panel.title.text()
    assert box.uid[:8] not in panel.title.text()
    assert panel.slip_button.isEnabled()
    html = packing_slip_html(kit.desk.policy.package.identity, box, kit.clock.now())
    assert number in html and "德胜街道分馆" in html
    assert all(bc in html for bc in books) and "清单（3 册）" in html
    path = tmp_path / "slip.pdf"
    assert panel.print_slip(pdf_path=path)
    assert panel.message.kind == "ok" and number in panel.message.text()
    pdf = QPdfDocument()
    assert pdf.load(str(path)) == QPdfDocument.Error.None_
    assert pdf.pageCount() == 1  # one slip on the 80 mm roll, cut to its length
    assert abs(pdf.pagePointSize(0).width() - 80 / 25.4 * 72) < 1
    lines = [ln.strip() for ln in pdf.getAllText(0).text().splitlines()]
    assert any(number in ln for ln in lines)  # the box number whole on one line
    for bc in books:
        assert any(bc in ln and "I242.47/C521" in ln for ln in lines), (bc, lines)


# --- compliance: each figure says which days it counts ----------------------------------------
def test_compliance_figures_say_their_period(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    cards = [kit.reader() for _ in range(2)]
    for card, bc in zip(cards * 2, kit.items(3), strict=False):
        kit.desk.write(circulation.check_out, LIBRARIAN, card, bc)
    w = make_window(LIBRARIAN)
    page = w.compliance
    go_to(qtbot, w, page)
    table = page.view.figures
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=WAIT)
    pc = kit.desk.read(compliance.point_compliance, LIBRARIAN)
    assert pc.start is not None
    rows = {table.cell_text(r, 1): r for r in range(table.rowCount())}
    period = {name: table.cell_text(r, 5) for name, r in rows.items()}
    # the template store opened 30 days before "today": counted from its opening
    first, today = pc.start.isoformat(), pc.as_of.isoformat()
    assert period["年流通次数"] == f"{first} 至 {today}"
    assert period["人均藏书量"] == f"截至 {today}"
    assert period["周开放时长"].startswith(first) and not period["周开放时长"].endswith(today)
    assert f"开馆 {first} 起至 {today}" in page.view.info.text()
    circ = next(f for f in pc.figures if f.key == "circulation")
    assert circ.annual_target == 30000 and circ.target is not None
    assert table.cell_text(rows["年流通次数"], 3).endswith("（全年 30,000）")
    # the unification names never break inside: word joiners between their characters
    assert "\u2060".join("统一标准\u00a0") in page.view.overall.text()


# --- the application: Qt's dialogs in Chinese, maximised ------------------------------------
def test_qt_file_dialog_speaks_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    install_translator(QApplication.instance(), "zh")  # type: ignore[arg-type]
    dlg = QFileDialog(None, "t")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dlg)
    labels = [lb.text() for lb in dlg.findChildren(QLabel)]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
    assert not [t for t in labels if re.search("[A-Za-z]{3}", t.replace("&", ""))]


def test_window_opens_maximised_and_stays_so_after_a_language_switch(desk: Desk, qtbot) -> None:  # type: ignore[no-untyped-def]
    app = ensure_app()
    shell = DeskApp(app, desk, "zh", None)
    first = shell.show_main(FRONT)
    try:
        qtbot.waitUntil(first.isMaximized, timeout=WAIT)
        first.settings.language.setCurrentIndex(first.settings.language.findData("en"))
        second = shell.window
        assert second is not first
        qtbot.waitUntil(second.isMaximized, timeout=WAIT)
        assert second.nav.item(0).text().startswith("Circulation")
        assert second.minimumSize().width() <= 1366 and second.minimumSize().height() <= 728
    finally:
        shell.window.close()
        install_translator(app, "zh")


def test_box_numbers_are_the_senders_code_and_digits_not_uuid_fragments(kit) -> None:  # type: ignore[no-untyped-def]
    numbers = set()
    for _ in range(20):
        box = kit.desk.write(shipments.new_shipment, LIBRARIAN, "DSJD", None)
        number = box_number(box)
        assert box.uid[:8] not in number and re.fullmatch(r"XJK-\d{4}-\d{4}", number)
        numbers.add(number)
    assert len(numbers) == 20
