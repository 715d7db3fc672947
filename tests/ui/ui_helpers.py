"""Helpers for UI tests: staff actors and scanner-like typing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from xclib_desk.services.context import Actor
from xclib_desk.ui.main_window import page_key

FRONT = Actor("desk", "desk", "张前台")
LIBRARIAN = Actor("lib", "librarian", "李馆员")
ADMIN = Actor("admin", "admin", "王管理")


def scan(qtbot, field: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """What a USB scanner does: type the characters, then Enter."""
    field.setFocus()
    type_text(qtbot, field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def type_text(qtbot, field: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Keystrokes for ASCII; Chinese arrives from the input method as committed text."""
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        field.insert(text)  # type: ignore[attr-defined]


def on_next_modal(fn: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog once it is open (exec() blocks the test otherwise)."""

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if w is None:
            QTimer.singleShot(10, poll)
            return
        fn(w)

    QTimer.singleShot(0, poll)


def go_to(qtbot, w: QWidget, page: QWidget) -> None:  # type: ignore[no-untyped-def]
    """The page's own Ctrl+digit shortcut (main_window.page_key), as staff would press it; a
    page past the tenth has none, so the keyboard walks the page list up from its end."""
    index = w.stack.indexOf(page)  # type: ignore[attr-defined]
    key = page_key(index)
    w.activateWindow()  # window shortcuts need the active window (offscreen: not automatic)
    qtbot.waitUntil(w.isActiveWindow)
    if key:
        digit = int(key.removeprefix("Ctrl+"))
        qtbot.keyClick(w, Qt.Key(Qt.Key.Key_0 + digit), Qt.KeyboardModifier.ControlModifier)
    else:
        nav = w.nav  # type: ignore[attr-defined]
        nav.setFocus()
        qtbot.keyClick(nav, Qt.Key.Key_End)
        for _ in range(nav.count() - 1 - index):
            qtbot.keyClick(nav, Qt.Key.Key_Up)
    assert w.stack.currentWidget() is page  # type: ignore[attr-defined]
