"""Small shared widgets: message banners, read-only tables, search fields, the reason dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..common.times import BEIJING, as_utc
from .context import UiContext
from .ops import OpHandle


class Banner(QLabel):
    """One line (or a few) of feedback in place: refusal, success or route-to, by object name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def show_kind(self, kind: str, text: str) -> None:
        """``kind``: error, ok or route. A refusal also beeps: the clerk may be looking away."""
        if kind == "error":
            QApplication.beep()
        self.kind = kind
        self.setObjectName({"error": "Refusal", "ok": "Success", "route": "Route"}.get(kind, ""))
        self.setText(text)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()


class Table(QTableWidget):
    """Read-only, row-selecting table whose cells are plain text."""

    def __init__(
        self, headers: Sequence[str], parent: QWidget | None = None, stretch: int | None = None
    ) -> None:
        """``stretch``: the column that takes spare width (titles, not notes)."""
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch is None:
            self.horizontalHeader().setStretchLastSection(True)
        else:
            self.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(False)

    def set_rows(self, rows: Sequence[Sequence[object]]) -> None:
        self.setRowCount(0)
        for r in rows:
            self.add_row(r)

    def add_row(self, values: Sequence[object], at: int | None = None, warn: bool = False) -> int:
        row = self.rowCount() if at is None else at
        self.insertRow(row)
        self.set_row(row, values, warn)
        return row

    def set_row(self, row: int, values: Sequence[object], warn: bool = False) -> None:
        for col, v in enumerate(values):
            item = QTableWidgetItem("" if v is None else str(v))
            if warn:
                item.setForeground(QColor("#8a1111"))
            self.setItem(row, col, item)

    def cell_text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text() if item else ""

    def column_texts(self, col: int) -> list[str]:
        return [self.cell_text(r, col) for r in range(self.rowCount())]


class ReasonDialog(QDialog):
    """Ask for the reason an override or a block needs; Enter confirms, Esc cancels."""

    def __init__(self, title: str, explanation: str, label: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        text = QLabel(explanation)
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("Reason")
        self.reason.setPlaceholderText(label)
        self.error = QLabel()
        self.error.setObjectName("Refusal")
        self.error.hide()
        buttons = ok_cancel(self, self.tr("确认"), self.tr("取消"), self._ok)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(QLabel(label))
        lay.addWidget(self.reason)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.reason.setFocus()

    def _ok(self) -> None:
        if not self.reason.text().strip():
            self.error.setText(self.tr("请填写原因。"))
            self.error.show()
            return
        self.accept()

    def value(self) -> str:
        return self.reason.text().strip()


class SearchBox(QLineEdit):
    """A query field: Enter runs ``fn(query, *args)`` on the background pool.

    A newer query supersedes an older one, whose late answer is dropped, and ``cancel`` drops
    the one in flight. Pages connect ``started`` / ``answered`` / ``refused`` and keep no op.
    """

    started = Signal(str)  # the query, as sent
    answered = Signal(object)  # the service's result for the latest query
    refused = Signal(str)  # the refusal in the user's language

    def __init__(
        self,
        ctx: UiContext,
        name: str,
        fn: Callable[..., Any],
        *args: Any,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.op_name, self.fn, self.args = ctx, name, fn, args
        self.op: OpHandle | None = None
        self.setPlaceholderText(placeholder)
        self.returnPressed.connect(self.run)

    def run(self) -> OpHandle | None:
        q = self.text().strip()
        if not q:
            return None
        op = self.ctx.search(self.op_name, self.fn, q, *self.args)
        self.op = op
        op.finished.connect(lambda result, op=op: self._answer(op, result))
        op.failed.connect(lambda exc, op=op: self._refuse(op, exc))
        self.started.emit(q)
        return op

    def cancel(self) -> bool:
        """Drop the search in flight; True if there was one."""
        if self.op is None:
            return False
        self.op.cancel()
        self.op = None
        return True

    def focus(self) -> None:
        self.setFocus()
        self.selectAll()

    def _answer(self, op: OpHandle, result: object) -> None:
        if op is self.op:
            self.op = None
            self.answered.emit(result)

    def _refuse(self, op: OpHandle, exc: object) -> None:
        if op is self.op:
            self.op = None
            self.refused.emit(self.ctx.message(exc))


def beijing_time(dt: datetime | None) -> str:
    """Beijing time, as everywhere at the desk (due dates are Beijing dates); "—" for none."""
    if dt is None:
        return "—"
    return as_utc(dt).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def ok_cancel(dialog: QDialog, ok: str, cancel: str, on_ok: Callable[[], None]) -> QDialogButtonBox:
    """A dialog's two buttons, labelled by the caller (its own translation context); Enter is
    ok, Esc cancels."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons
