"""The reader's account, fees, renewal by keyboard and slips on the circulation page, driven by
keystrokes as a clerk does it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QWidget
from ui_helpers import FRONT, LIBRARIAN, scan

from xclib_desk.services import circulation, fees
from xclib_desk.ui.fees import FeesDialog
from xclib_desk.ui.widgets import ReasonDialog

MM = 72 / 25.4


def on_modal(kind: type, fn: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog of ``kind`` once it is open."""

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if not isinstance(w, kind):
            QTimer.singleShot(10, poll)
            return
        fn(w)

    QTimer.singleShot(0, poll)


def reader_with_a_fee_and_an_overdue_loan(kit) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    card = kit.reader(name="周树人")
    returned, kept = kit.items(2)
    kit.desk.write(circulation.check_out, FRONT, card, returned)
    kit.desk.write(circulation.check_out, FRONT, card, kept)
    due = kit.loan(returned).due_date
    kit.at(due + timedelta(days=10))
    kit.desk.write(circulation.check_in, FRONT, returned)  # 10 days late: 2.00
    return card, returned, kept


def test_card_scan_shows_the_account_and_f9_collects_cash_on_one_80mm_receipt(  # type: ignore[no-untyped-def]
    window, kit, qtbot, tmp_path
) -> None:
    card, returned, _kept = reader_with_a_fee_and_an_overdue_loan(kit)
    page = window.circulation
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.r_name.text() == "周树人" or page.message.kind == "error")
    assert page.r_name.text() == "周树人", page.message.text()
    assert page.r_overdue.text() == "1 册"
    assert page.r_fees.text() == "2.00 元" and page.r_fees.isVisible()
    assert "欠费 2.00 元" in page.r_notes.text() and "1 册逾期" in page.r_notes.text()
    assert not page.r_holds.isVisible()
    seen: list[str] = []

    def pay(dlg: QWidget) -> None:
        assert isinstance(dlg, FeesDialog)
        seen.append(dlg.total.text())
        qtbot.waitUntil(lambda: "今日" in dlg.cash.text())
        qtbot.keyClick(dlg.table, Qt.Key.Key_Return)

    on_modal(FeesDialog, pay)
    qtbot.keyClick(page.scan, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: "已收现金 2.00 元" in page.message.text())
    assert seen == ["未缴费用 1 笔，合计 2.00 元"]
    qtbot.waitUntil(lambda: page.r_fees.text() == "0.00 元")
    assert kit.desk.read(fees.reader_fees, FRONT, card, True) == []
    assert kit.desk.read(fees.cash_total, FRONT).amount_cents == 200
    assert window.focusWidget() is page.scan  # the next scan lands in the scan field

    out = page.save_receipt_pdf(tmp_path / "fee.pdf")
    assert out is not None
    pdf = QPdfDocument()
    assert pdf.load(str(out)) == QPdfDocument.Error.None_
    assert pdf.pageCount() == 1
    size = pdf.pagePointSize(0)
    assert abs(size.width() - 80 * MM) < 1
    lines = [ln.strip() for ln in pdf.getAllText(0).text().splitlines()]
    assert any("收费收据" in ln for ln in lines)
    assert any(returned in ln and "2.00" in ln for ln in lines), lines  # barcode and sum whole
    assert any("合计（元） 2.00" in ln for ln in lines), lines
    # reprint of the last receipt: marked, same content
    assert page.last_printed is not None
    doc = page._receipt_doc(*page.last_printed)
    assert "补打" in doc.toPlainText() and returned in doc.toPlainText()


def test_a_librarian_waives_a_fee_with_a_reason_by_f7(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(LIBRARIAN)
    card, _returned, _kept = reader_with_a_fee_and_an_overdue_loan(kit)
    page = window.circulation
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.r_fees.text() == "2.00 元")

    def reason(dlg: QWidget) -> None:
        assert isinstance(dlg, ReasonDialog)
        dlg.reason.insert("闭馆期间到期")
        qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)

    def waive(dlg: QWidget) -> None:
        assert isinstance(dlg, FeesDialog) and dlg.waive_button.isVisible()
        on_modal(ReasonDialog, reason)
        qtbot.keyClick(dlg.table, Qt.Key.Key_F7)
        qtbot.waitUntil(lambda: dlg.table.rowCount() == 0)
        qtbot.keyClick(dlg.table, Qt.Key.Key_Escape)

    on_modal(FeesDialog, waive)
    qtbot.keyClick(page.scan, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: "减免 1 笔" in page.message.text())
    [fee] = kit.desk.read(fees.reader_fees, FRONT, card)
    assert (fee.status, fee.waive_reason) == ("waived", "闭馆期间到期")
    assert kit.last_event().type == "fee.waived"


def test_front_desk_cannot_waive(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card, _r, _k = reader_with_a_fee_and_an_overdue_loan(kit)
    page = window.circulation
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.r_fees.text() == "2.00 元")
    hidden: list[bool] = []

    def look(dlg: QWidget) -> None:
        assert isinstance(dlg, FeesDialog)
        hidden.append(not dlg.waive_button.isVisible())
        qtbot.keyClick(dlg.table, Qt.Key.Key_F7)  # nothing happens for the desk role
        qtbot.keyClick(dlg.table, Qt.Key.Key_Escape)

    on_modal(FeesDialog, look)
    qtbot.keyClick(page.scan, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: hidden == [True])
    assert kit.desk.read(fees.reader_fees, FRONT, card, True) != []


def test_tab_to_the_loans_table_and_enter_renews_the_chosen_loan(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader()
    first, second = kit.items(2)
    for b in (first, second):
        kit.desk.write(circulation.check_out, FRONT, card, b)
    page = window.circulation
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 2)
    qtbot.keyClick(page.scan, Qt.Key.Key_Tab)
    assert page.loans_table.hasFocus()
    assert page.selected_barcodes() == [page.loans_table.cell_text(0, 0)]
    qtbot.keyClick(page.loans_table, Qt.Key.Key_Down)
    chosen = page.loans_table.cell_text(1, 0)
    assert page.selected_barcodes() == [chosen]
    qtbot.keyClick(page.loans_table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.kind == "ok")
    assert kit.loan(chosen).renewals == 1
    other = first if chosen == second else second
    assert kit.loan(other).renewals == 0
    assert page.scan.hasFocus()  # the next scan lands in the scan field


def test_scanning_a_copy_the_reader_has_offers_renewal(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card, (book,) = kit.reader(), kit.items(1)
    kit.desk.write(circulation.check_out, FRONT, card, book)
    page = window.circulation
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)
    scan(qtbot, page.scan, book)
    assert "要续借请按 F4" in page.message.text() and "无需再借" not in page.message.text()
    assert page.selected_barcodes() == [book]
    qtbot.keyClick(page.scan, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: page.message.kind == "ok")
    assert kit.loan(book).renewals == 1


def test_refusals_name_the_copy_and_speak_plainly(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card, (disc,) = kit.reader(), kit.items(1, "av")
    kit.desk.write(circulation.check_out, FRONT, card, disc)
    page = window.circulation
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)
    page.loans_table.selectRow(0)
    qtbot.keyClick(page.scan, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: page.message.kind == "error")
    text = page.message.text()
    assert disc in text and "这类图书不允许续借" in text and "0 次" not in text
    scan(qtbot, page.scan, "Q12")  # neither a card nor a copy
    text = page.message.text()
    assert "X000000001" in text and "[0-9]" not in text and "^" not in text


def test_a_return_for_another_point_prints_a_transit_slip(window, kit, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader()
    book = kit.item(owner="DSJD")
    kit.desk.write(circulation.check_out, FRONT, card, book)
    page = window.circulation
    page.set_return_mode()
    scan(qtbot, page.scan, book)
    qtbot.waitUntil(lambda: page.message.kind == "route")
    assert "Ctrl+T" in page.message.text()
    doc = page.transit_doc()
    assert doc is not None
    text = doc.toPlainText()
    assert "德胜街道分馆" in text and "DSJD" in text and book in text
    from xclib_desk.ui.receipt import receipt_printer

    path = tmp_path / "slip.pdf"
    doc.print_(receipt_printer(pdf_path=path))
    pdf = QPdfDocument()
    assert pdf.load(str(path)) == QPdfDocument.Error.None_
    assert pdf.pageCount() == 1
    assert abs(pdf.pagePointSize(0).width() - 80 * MM) < 1


def test_an_unknown_copy_is_taken_back_and_set_aside(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.circulation
    page.set_return_mode()
    scan(qtbot, page.scan, "X900000001")  # the district's form, never seen here
    qtbot.waitUntil(lambda: page.message.kind == "route")
    assert "待分拣" in page.message.text() and "X900000001" in page.message.text()
    assert kit.last_event().type == "loan.returned_unknown"
    doc = page.transit_doc()
    assert doc is not None and "X900000001" in doc.toPlainText()


def test_ctrl_o_lists_overdue_loans_and_exports_the_call_list(window, kit, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from xclib_desk.ui.overdue import OverdueDialog

    card = kit.reader(name="鲁迅")
    (book,) = kit.items(1)
    kit.desk.write(circulation.check_out, FRONT, card, book)
    kit.at(kit.loan(book).due_date + timedelta(days=7))
    page = window.circulation
    got: list[str] = []

    def look(dlg: QWidget) -> None:
        assert isinstance(dlg, OverdueDialog)
        qtbot.waitUntil(lambda: dlg.table.rowCount() == 1)
        got.append(dlg.summary.text())
        out = dlg.export_csv(tmp_path / "calls.csv")
        assert out is not None
        got.append(out.read_text(encoding="utf-8-sig"))
        got.append(dlg.notices_document().toPlainText())
        dlg.reject()

    on_modal(OverdueDialog, look)
    qtbot.keyClick(page.scan, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(got) == 3)
    assert got[0] == "逾期 1 册，涉及读者 1 人"
    assert f"{card},鲁迅" in got[1] and book in got[1] and ",7," in got[1]
    assert "逾期催还通知" in got[2] and "鲁迅" in got[2] and book in got[2]


def test_f12_closes_a_lost_loan_and_f9_then_collects_its_price(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    card, (book,) = kit.reader(name="孔乙己"), kit.items(1)
    kit.desk.write(circulation.check_out, FRONT, card, book)
    page = window.circulation
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)
    qtbot.keyClick(page.scan, Qt.Key.Key_Tab)  # the loan is selected

    def choose(dlg: QWidget) -> None:
        assert isinstance(dlg, QInputDialog)
        dlg.setTextValue(dlg.comboBoxItems()[0])  # 读者丢失，赔偿书价
        dlg.accept()

    on_modal(QInputDialog, choose)
    qtbot.keyClick(page.loans_table, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: "应赔偿 39.00 元" in page.message.text())
    assert page.loans_table.rowCount() == 0
    qtbot.waitUntil(lambda: page.r_fees.text() == "39.00 元")
    assert kit.item_status(book) == "lost"
