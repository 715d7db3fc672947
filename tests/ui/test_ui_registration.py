"""Reader registration by scanner and keyboard, checked by keystrokes: a card scan's Enter
moves on (never submits a blank form), the ID number stays readable while the form is open and
its refusal reads in full."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from ui_helpers import FRONT, scan, type_text

from xclib_desk.services import readers
from xclib_desk.ui.main_window import MainWindow
from xclib_desk.ui.readers import ReaderForm

ENTER = Qt.Key.Key_Return


def open_form(window: MainWindow, qtbot: Any) -> ReaderForm:
    dlg = ReaderForm(window.ctx, None, window.readers)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_a_card_scan_moves_on_and_enter_in_the_address_registers(  # type: ignore[no-untyped-def]
    window, kit, qtbot
) -> None:
    before = kit.counts()
    dlg = open_form(window, qtbot)
    assert dlg.focusWidget() is dlg.card
    scan(qtbot, dlg.card, "XC00000101")  # the scanner's Enter
    assert dlg.focusWidget() is dlg.name  # moved on, nothing submitted
    qtbot.wait(50)
    assert not dlg.error.isVisible() and dlg.isVisible()
    assert kit.counts() == before

    type_text(qtbot, dlg.name, "钱多多")
    qtbot.keyClick(dlg.name, ENTER)
    assert dlg.focusWidget() is dlg.rtype
    qtbot.keyClick(dlg.rtype, ENTER)
    assert dlg.focusWidget() is dlg.id_number
    number = kit.id_number(40)
    qtbot.keyClicks(dlg.id_number, number)
    qtbot.keyClick(dlg.id_number, ENTER)
    assert dlg.focusWidget() is dlg.phone
    # left the field: still readable, to compare with the card in hand
    assert dlg.id_number.echoMode() == QLineEdit.EchoMode.Normal
    assert dlg.id_number.displayText() == number
    qtbot.keyClicks(dlg.phone, "13800002222")
    qtbot.keyClick(dlg.phone, ENTER)
    assert dlg.focusWidget() is dlg.address
    assert kit.counts() == before  # still nothing saved
    type_text(qtbot, dlg.address, "西城区示例街1号")
    qtbot.keyClick(dlg.address, ENTER)  # the last field for an adult: saves
    qtbot.waitUntil(lambda: dlg.result_view is not None)
    assert dlg.result_view is not None
    assert dlg.result_view.name == "钱多多"
    assert dlg.result_view.id_masked == number[:4] + "*" * 10 + number[-4:]  # masked once saved
    found = window.ctx.desk.read(readers.search, FRONT, "XC00000101")
    assert [r.id_masked for r in found] == [dlg.result_view.id_masked]


def test_a_blank_form_is_saved_only_when_asked_and_then_refused_in_words(  # type: ignore[no-untyped-def]
    window, kit, qtbot
) -> None:
    before = kit.counts()
    dlg = open_form(window, qtbot)
    for _ in range(8):  # Enter through every field: it only moves on, never saves
        qtbot.keyClick(dlg.focusWidget(), ENTER)
        if dlg.focusWidget() is dlg.address:
            break
    assert dlg.focusWidget() is dlg.address
    qtbot.wait(50)
    assert not dlg.error.isVisible()
    scan(qtbot, dlg.card, "XC00000102")
    qtbot.keyClick(dlg.name, ENTER, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves
    qtbot.waitUntil(lambda: dlg.error.isVisible())
    assert "姓名" in dlg.error.text()
    assert dlg.isVisible() and kit.counts() == before


def test_a_child_moves_on_to_the_guardian_and_enter_there_registers(  # type: ignore[no-untyped-def]
    window, kit, qtbot
) -> None:
    dlg = open_form(window, qtbot)
    scan(qtbot, dlg.card, "XC00000103")
    type_text(qtbot, dlg.name, "孙小宝")
    number = kit.id_number(8)
    qtbot.keyClicks(dlg.id_number, number)
    assert dlg.rtype.currentData() == "child"
    dlg.address.setFocus()
    qtbot.keyClick(dlg.address, ENTER)
    assert dlg.focusWidget() is dlg.guardian_name  # a child's form ends with the guardian
    type_text(qtbot, dlg.guardian_name, "孙大宝")
    qtbot.keyClick(dlg.guardian_name, ENTER)
    assert dlg.focusWidget() is dlg.guardian_phone
    qtbot.keyClicks(dlg.guardian_phone, "13900003333")
    qtbot.keyClick(dlg.guardian_phone, ENTER)
    qtbot.waitUntil(lambda: dlg.result_view is not None)
    assert dlg.result_view is not None and dlg.result_view.guardian_name == "孙大宝"


def fully_shown(label: QWidget, dlg: QWidget) -> bool:
    """The label has the height its wrapped text needs and lies inside the dialog."""
    inside = dlg.rect().contains(QRect(label.mapTo(dlg, QPoint(0, 0)), label.size()))
    needs = label.heightForWidth(label.width())
    return inside and label.height() >= needs and label.width() <= dlg.width()


def test_the_id_number_refusal_reads_in_full_in_both_languages(  # type: ignore[no-untyped-def]
    make_window, kit, qtbot
) -> None:
    number = kit.id_number(30)
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    for lang, words in (("zh", "校验位错误"), ("en", "check character")):
        window = make_window(lang=lang)
        dlg = open_form(window, qtbot)
        assert dlg.width() < 1366 and dlg.height() < 768
        qtbot.keyClicks(dlg.id_number, bad)
        assert words in dlg.id_check.text()
        qtbot.waitUntil(lambda d=dlg: fully_shown(d.id_check, d))
        assert dlg.id_number.displayText() == bad  # the clerk sees what was typed
        dlg.close()
