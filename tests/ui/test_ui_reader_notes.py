"""The reader's note and message on the readers page (Ctrl+E, keyboard only) and at card scan;
F8 as a role that may not override; plural counts and role lists in English."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from ui_helpers import FRONT, LIBRARIAN, on_next_modal, scan, type_text

from xclib_desk.services import circulation, readers
from xclib_desk.ui.readers import ReaderForm


def test_ctrl_e_sets_the_notes_and_card_scan_shows_them(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader(name="孙小美")
    w = make_window(LIBRARIAN)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.keyClick(w.circulation.scan, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = w.readers
    scan(qtbot, page.query, card)
    qtbot.waitUntil(lambda: page.current() is not None)
    saved: list[object] = []

    def fill(dlg) -> None:  # type: ignore[no-untyped-def]
        try:
            keys(dlg)
        except Exception as exc:  # a failure must not leave the modal dialog blocking the test
            saved.append(exc)
            dlg.reject()

    def keys(dlg) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dlg, ReaderForm) and dlg.notes_box.isVisible()
        dlg.staff_note.setFocus()
        type_text(qtbot, dlg.staff_note, "家长代借，请核对")
        qtbot.keyClick(dlg.staff_note, Qt.Key.Key_Return)  # Enter moves on
        assert dlg.focusWidget() is dlg.reader_message
        type_text(qtbot, dlg.reader_message, "请下次带身份证更新信息")
        qtbot.keyClick(dlg.reader_message, Qt.Key.Key_Return)  # the last field: saves
        saved.append(True)

    on_next_modal(fill)
    qtbot.keyClick(page.query, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(saved))
    assert saved == [True]
    qtbot.waitUntil(lambda: "请下次带身份证更新信息" in page.detail.text())
    assert "家长代借，请核对" in page.detail.text()
    v = kit.desk.read(readers.show, LIBRARIAN, card)
    assert (v.staff_note, v.reader_message) == ("家长代借，请核对", "请下次带身份证更新信息")

    qtbot.keyClick(page.query, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    circ = w.circulation
    scan(qtbot, circ.scan, card)
    qtbot.waitUntil(lambda: circ.r_name.text() == "孙小美")
    lines = circ.r_notes.text().splitlines()
    assert lines[0] == "• 给读者的留言（请告知读者）：请下次带身份证更新信息"
    assert lines[1] == "• 工作备注（仅供馆员）：家长代借，请核对"


def test_f8_as_the_desk_role_says_who_may_and_that_nothing_happened(  # type: ignore[no-untyped-def]
    make_window, kit, qtbot
) -> None:
    card = kit.reader(name="王五")
    kit.desk.write(readers.block, LIBRARIAN, card, "遗失图书未赔偿")
    item = kit.items(1)[0]
    w = make_window(FRONT)
    w.activateWindow()  # window shortcuts need the active window (offscreen: not automatic)
    qtbot.waitUntil(w.isActiveWindow)
    page = w.circulation
    qtbot.keyClick(page.scan, Qt.Key.Key_F8)  # nothing refused yet
    assert "F8 未执行任何操作" in page.message.text()
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.r_block.isVisible())
    scan(qtbot, page.scan, item)
    qtbot.waitUntil(lambda: "可由管理员越权办理" in page.message.text())
    before = kit.counts()
    qtbot.keyClick(page.scan, Qt.Key.Key_F8)
    text = page.message.text()
    assert page.message.kind == "error"
    assert item in text and "前台" in text and "管理员" in text and "未执行任何操作" in text
    assert kit.counts() == before


def test_english_counts_are_plural_forms_and_roles_join_with_commas(  # type: ignore[no-untyped-def]
    make_window, kit, qtbot
) -> None:
    card = kit.reader(name="Lee")
    one, two, three = kit.items(3)
    for b in (one, two, three):
        kit.desk.write(circulation.check_out, FRONT, card, b)
    kit.at(kit.loan(one).due_date + timedelta(days=1))
    w = make_window(FRONT, "en")
    page = w.circulation
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.r_name.text() == "Lee")
    assert page.r_loans.text() == "3 items"
    assert page.r_overdue.text() == "3 items"
    overdue = page.loans_table.column_texts(6)
    assert "1 day overdue" in overdue
    assert page._role_names(("librarian", "admin")).count(", ") == 1  # not "、"
    assert "(s)" not in page.r_notes.text()
