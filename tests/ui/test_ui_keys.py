"""Keys do one thing on each page: a page's own shortcut acts only on the page that is shown, and
the window's circulation keys (F2-F4) never steal the key a focused widget edits with."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from ui_helpers import ADMIN, LIBRARIAN, on_next_modal, scan

from xclib_desk.ui.circulation import CHECKOUT, RETURN
from xclib_desk.ui.holdings import TitleForm
from xclib_desk.ui.readers import ReaderForm


def _active(qtbot, make_window, actor):  # type: ignore[no-untyped-def]
    w = make_window(actor)
    w.activateWindow()  # window shortcuts need the active window (offscreen: not automatic)
    qtbot.waitUntil(w.isActiveWindow)
    return w


def _ctrl(qtbot, w, key) -> None:  # type: ignore[no-untyped-def]
    w.window().activateWindow()  # back from a dialog
    qtbot.waitUntil(w.window().isActiveWindow)
    qtbot.keyClick(w, key, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_n_and_esc_act_on_the_page_shown(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _active(qtbot, make_window, LIBRARIAN)
    ambiguous: list[str] = []
    for sc in w.findChildren(QShortcut):
        sc.activatedAmbiguously.connect(lambda sc=sc: ambiguous.append(sc.key().toString()))

    opened: list[type] = []

    def close(dialog) -> None:  # type: ignore[no-untyped-def]
        opened.append(type(dialog))
        dialog.reject()

    _ctrl(qtbot, w.circulation.scan, Qt.Key.Key_2)
    assert w.stack.currentWidget() is w.readers
    on_next_modal(close)
    _ctrl(qtbot, w.readers.query, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: len(opened) == 1)

    _ctrl(qtbot, w.readers.query, Qt.Key.Key_3)
    assert w.stack.currentWidget() is w.holdings
    on_next_modal(close)
    _ctrl(qtbot, w.holdings.query, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: len(opened) == 2)
    assert opened == [ReaderForm, TitleForm]

    # Esc on the holdings page leaves the reader being served at the desk alone
    card = kit.reader(name="钱二")
    _ctrl(qtbot, w.holdings.query, Qt.Key.Key_1)
    scan(qtbot, w.circulation.scan, card)
    qtbot.waitUntil(lambda: w.circulation.r_name.text() == "钱二")
    _ctrl(qtbot, w.circulation.scan, Qt.Key.Key_3)
    qtbot.keyClick(w.holdings.query, Qt.Key.Key_Escape)
    assert w.circulation.card is not None
    assert ambiguous == []


def test_f4_opens_a_drop_down_and_f2_elsewhere_still_means_check_out(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _active(qtbot, make_window, LIBRARIAN)
    qtbot.keyClick(w.circulation.scan, Qt.Key.Key_F3)
    assert w.circulation.mode == RETURN

    _ctrl(qtbot, w.circulation.scan, Qt.Key.Key_5)
    send = w.shipments.send
    w.shipments.tabs.setCurrentWidget(send)
    qtbot.waitUntil(lambda: send.destination.count() > 0)
    send.destination.setFocus()
    qtbot.keyClick(send.destination, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: send.destination.view().isVisible())
    assert w.stack.currentWidget() is w.shipments  # not thrown onto circulation to renew
    send.destination.hidePopup()

    # F2 in a field that has no use for it is still the window's "back to check-out"
    _ctrl(qtbot, send.scan, Qt.Key.Key_2)
    qtbot.keyClick(w.readers.query, Qt.Key.Key_F2)
    assert w.stack.currentWidget() is w.circulation
    assert w.circulation.mode == CHECKOUT


def test_an_admin_reaches_all_ten_pages_with_ctrl_digits(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _active(qtbot, make_window, ADMIN)
    assert len(w.pages) == 10
    for i, (_name, page) in enumerate(w.pages):
        _ctrl(qtbot, w, Qt.Key(Qt.Key.Key_1 + i) if i < 9 else Qt.Key.Key_0)
        assert w.stack.currentWidget() is page
    assert w.stack.currentWidget() is w.kiosks
