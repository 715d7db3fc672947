"""The scanner page, as a clerk uses it: barcodes typed + Enter into the scan field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import ADMIN, FRONT, LIBRARIAN, on_next_modal, scan

from xclib_desk.services import circulation, readers


def _page(window):  # type: ignore[no-untyped-def]
    return window.circulation


def test_check_out_three_items_by_scanning(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader(name="李小明")
    barcodes = kit.items(3)
    page = _page(window)
    scan(qtbot, page.scan, card.lower() + " ")  # scanners add case changes and spaces
    qtbot.waitUntil(lambda: page.r_name.text() == "李小明")
    for b in barcodes:
        scan(qtbot, page.scan, b)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 3)
    assert set(page.loans_table.column_texts(0)) == set(barcodes)
    assert page.loans_table.column_texts(6) == ["本次借出"] * 3
    assert "已借出《红楼梦》" in page.message.text()
    assert page.message.kind == "ok"
    assert page.scan.hasFocus()
    assert kit.counts()["open_loans"] == 3
    assert kit.last_event().staff_code == FRONT.staff_code  # the signed-in clerk is on the event


def test_blocked_reader_is_refused_in_words(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader(name="王五")
    kit.desk.write(readers.block, LIBRARIAN, card, "遗失图书未赔偿")
    item = kit.items(1)[0]
    before = kit.counts()
    page = _page(window)
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.r_block.isVisible())
    assert "遗失图书未赔偿" in page.r_block.text()
    scan(qtbot, page.scan, item)
    qtbot.waitUntil(lambda: "可由管理员越权办理" in page.message.text())
    text = page.message.text()
    assert "该读者证已被停用（原因：遗失图书未赔偿）" in text
    assert "可由管理员越权办理" in text  # a front-desk clerk cannot, and is told who can
    assert not page.override_button.isVisible()
    assert page.loans_table.rowCount() == 0
    assert kit.counts() == before


def test_admin_overrides_a_block_with_a_reason(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(ADMIN)
    card = kit.reader()
    kit.desk.write(readers.block, LIBRARIAN, card, "证件待核实")
    item = kit.items(1)[0]
    page = _page(window)
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.r_block.isVisible())
    scan(qtbot, page.scan, item)
    qtbot.waitUntil(lambda: page.override_button.isVisible())
    assert "F8" in page.message.text()

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.reason.setText("馆长同意，读者已出示证件")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    on_next_modal(fill)
    qtbot.keyClick(page.scan, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)
    assert kit.loan(item).override_reason == "馆长同意，读者已出示证件"
    assert not page.override_button.isVisible()


def test_return_at_a_non_owning_point_shows_the_route(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader()
    item = kit.item(owner="DSJD")
    kit.desk.write(circulation.check_out, FRONT, card, item)
    page = _page(window)
    qtbot.keyClick(page.scan, Qt.Key.Key_F3)
    assert page.mode_label.text() == "还书"
    scan(qtbot, page.scan, item)
    qtbot.waitUntil(lambda: page.message.kind == "route")
    assert "请送往：德胜街道分馆（DSJD）" in page.message.text()
    assert page.returns_table.cell_text(0, 5) == "送往 德胜街道分馆（DSJD）"
    assert kit.item_status(item) == "in_transit"
    # the same copy scanned again is caught, not reported as "not on loan"
    scan(qtbot, page.scan, item)
    qtbot.waitUntil(lambda: "重复扫描" in page.message.text())
    assert page.returns_table.rowCount() == 1


def test_return_of_own_copy_says_reshelve(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader()
    item = kit.items(1)[0]
    kit.desk.write(circulation.check_out, FRONT, card, item)
    page = _page(window)
    qtbot.keyClick(page.scan, Qt.Key.Key_F3)
    scan(qtbot, page.scan, item)
    qtbot.waitUntil(lambda: page.message.kind == "ok")
    assert "请放回本馆书架" in page.message.text()


def test_renew_selected_loan(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader()
    item = kit.items(1)[0]
    loan = kit.desk.write(circulation.check_out, FRONT, card, item)
    page = _page(window)
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)
    assert page.loans_table.cell_text(0, 4) == loan.due_date.isoformat()
    page.loans_table.selectRow(0)
    page.scan.setFocus()
    qtbot.keyClick(page.scan, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: page.loans_table.cell_text(0, 6) == "已续借")
    renewed = kit.loan(item)
    assert renewed.renewals == 1
    assert page.loans_table.cell_text(0, 4) == renewed.due_date.isoformat()
    assert "已续借《红楼梦》" in page.message.text()
    # a second renewal exceeds the adult limit of one: refused in place, in words
    page.loans_table.selectRow(0)
    qtbot.keyClick(page.scan, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: page.message.kind == "error")
    assert "达到续借上限 1 次" in page.message.text()
    assert page.scan.hasFocus()


def test_reader_panel_clears_on_a_new_card(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    first = kit.reader(name="赵一")
    second = kit.reader(name="钱二")
    a, b = kit.items(2)
    kit.desk.write(circulation.check_out, FRONT, first, a)
    page = _page(window)
    scan(qtbot, page.scan, first)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)
    scan(qtbot, page.scan, second)
    # cleared at once, before the new reader is even read from the store
    assert page.r_name.text() == ""
    assert page.loans_table.rowCount() == 0
    scan(qtbot, page.scan, b)  # scanned straight after the card: must go to the new reader
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)
    assert page.r_name.text() == "钱二"
    assert page.loans_table.cell_text(0, 0) == b
    assert kit.loan(b).reader_id != kit.loan(a).reader_id


def test_duplicate_scan_is_caught(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader()
    item = kit.items(1)[0]
    page = _page(window)
    scan(qtbot, page.scan, card)
    scan(qtbot, page.scan, item)
    scan(qtbot, page.scan, item)  # the scanner fired twice
    qtbot.waitUntil(lambda: "重复扫描" in page.message.text())
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)
    assert kit.counts()["open_loans"] == 1


def test_item_before_card_and_bad_barcode(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    item = kit.items(1)[0]
    page = _page(window)
    scan(qtbot, page.scan, item)
    assert page.message.text() == "请先扫描读者证，再扫描图书。"
    scan(qtbot, page.scan, "hello")
    assert "格式不符" in page.message.text()
    assert kit.counts()["open_loans"] == 0


def test_receipt_saved_as_pdf(window, kit, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader()
    item = kit.items(1)[0]
    page = _page(window)
    scan(qtbot, page.scan, card)
    scan(qtbot, page.scan, item)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)
    out = page.save_receipt_pdf(tmp_path / "r.pdf")
    assert out is not None and out.read_bytes().startswith(b"%PDF")
    assert "凭条已保存" in page.message.text()


def test_english_messages(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(FRONT, "en")
    page = _page(window)
    assert page.mode_label.text() == "Check out"
    item = kit.items(1)[0]
    scan(qtbot, page.scan, item)
    assert page.message.text() == "Scan the reader's card first, then the items."
    assert QApplication.instance() is not None


def test_find_reader_by_pinyin_from_the_scan_page(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    kit.reader(name="欧阳修")
    page = _page(window)
    picked: list[str] = []

    def search(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.query, "ouyang")
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
        picked.append(dialog.table.cell_text(0, 1))
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter picks the highlighted reader

    on_next_modal(search)
    qtbot.keyClick(page.scan, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.r_name.text() == "欧阳修")
    assert picked == ["欧阳修"]


def test_escape_ends_the_session(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader(name="赵一")
    page = _page(window)
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.r_name.text() == "赵一")
    qtbot.keyClick(page.scan, Qt.Key.Key_Escape)
    assert page.r_name.text() == ""
    assert page.card is None
    item = kit.items(1)[0]
    scan(qtbot, page.scan, item)  # nothing can be lent to the reader who just left
    assert page.message.text() == "请先扫描读者证，再扫描图书。"
