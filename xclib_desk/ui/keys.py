"""Which keys a focused widget keeps for itself rather than the window's shortcuts.

The window binds F2-F4 to circulation (a desk worker presses F2 anywhere to get back to
check-out), but those are also the keys Qt's own editing widgets use: F2 edits the current cell
of an editable table, F4 opens a drop-down list. Without this an admin pressing F2 in the
standards draft, or F4 on the shipments destination, would be thrown onto the circulation page.
Page-level shortcuts (QShortcut on a page) need nothing: Qt only matches shortcuts of visible
widgets, and the stack shows one page at a time.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QWidget

NO_MODIFIER = Qt.KeyboardModifier.NoModifier | Qt.KeyboardModifier.KeypadModifier


def keeps_key(focus: QWidget | None, event: QEvent) -> bool:
    """True when ``focus`` will act on this key press itself (so no shortcut should take it)."""
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    if focus is None or event.modifiers() & ~NO_MODIFIER:
        return False
    key = event.key()
    if key == Qt.Key.Key_F2:
        view = focus if isinstance(focus, QAbstractItemView) else None
        return (
            view is not None
            and view.state() != QAbstractItemView.State.EditingState
            and bool(view.editTriggers() & QAbstractItemView.EditTrigger.EditKeyPressed)
            and view.currentIndex().isValid()
        )
    if key == Qt.Key.Key_F4:
        return isinstance(focus, QComboBox) and focus.isEnabled()
    return False
