"""Duty (统一人员配备) in the status bar, and the monthly required-services checklist (统一服务).

Staff sign on and off duty from anywhere in the window (Ctrl+D, or the status-bar button); the
bar shows who is on duty against the level's minimum, red when the point is understaffed, and
says when the point is outside its scheduled hours. Both write through ``services.duty`` and
``services.checklist`` on the serial lane, so every change is an event like any other.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QStatusBar,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ..services import checklist, duty
from ..services.checklist import Checklist
from .context import UiContext
from .ops import OpHandle
from .statusinfo import Snapshot
from .widgets import Banner


class DutyBar(QObject):
    """The on-duty count and the sign-on/off button in the status bar."""

    changed = Signal(str)  # what happened, in words, for the status bar message

    def __init__(self, ctx: UiContext, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.ctx = ctx
        self.bar = bar
        self.me_on_duty = False
        self._op: OpHandle | None = None
        self.label = QLabel()
        self.label.setObjectName("DutyCount")
        self.button = QPushButton(self.tr("上岗 (Ctrl+D)"))
        self.button.setObjectName("DutyToggle")
        self.button.setFlat(True)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the focus
        self.button.clicked.connect(self.toggle)
        bar.addPermanentWidget(self.label)
        bar.addPermanentWidget(self.button)

    def show(self, snap: Snapshot) -> None:
        self.me_on_duty = snap.me_on_duty
        text = self.tr("在岗 {n}/{min} 人").format(n=snap.on_duty, min=snap.min_on_duty)
        if not snap.scheduled_open:
            text += self.tr("（非开放时间）")
        if snap.understaffed:
            text = "⚠ " + text + self.tr("，人员不足")
        self.label.setText(text)
        # red when understaffed; quiet grey outside the scheduled hours
        colour = "#b3261e" if snap.understaffed else ("#6b6b6b" if not snap.scheduled_open else "")
        self.label.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")
        names = "、".join(snap.on_duty_names) or self.tr("（无）")
        self.label.setToolTip(self.tr("在岗：{names}。按 Ctrl+D 上岗或离岗。").format(names=names))
        self.button.setText(
            self.tr("离岗 (Ctrl+D)") if snap.me_on_duty else self.tr("上岗 (Ctrl+D)")
        )

    def toggle(self) -> None:
        """Sign the signed-in staff member on duty, or off if they are on."""
        if self._op is not None:
            return
        off = self.me_on_duty
        op = self.ctx.write("duty", duty.sign_off if off else duty.sign_on)
        self._op = op
        op.finished.connect(lambda v, off=off: self._done(v, off))
        op.failed.connect(self._failed)

    def _done(self, view: Any, off: bool) -> None:
        self._op = None
        self.me_on_duty = not off
        name = view.staff_name or view.staff_code
        msg = (
            self.tr("{name} 已离岗。").format(name=name)
            if off
            else self.tr("{name} 已上岗。").format(name=name)
        )
        self.bar.showMessage(msg, 5000)
        self.changed.emit(msg)
        self.ctx.data_changed.emit("staff")

    def _failed(self, exc: object) -> None:
        self._op = None
        self.bar.showMessage(self.ctx.message(exc), 8000)
        self.ctx.data_changed.emit("staff")  # refresh: someone else may have changed it


class ChecklistDialog(QDialog):
    """This month's required services: provided / not provided (with a note) for each."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: Checklist | None = None
        self.saved = 0
        self._pending = 0
        self.setWindowTitle(self.tr("本月必备服务确认"))
        self.setMinimumSize(680, 420)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("Checklist")
        self.table.setHorizontalHeaderLabels(
            [self.tr("服务"), self.tr("本月是否提供"), self.tr("说明（未提供时必填）")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 140)
        self.message = Banner()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.info)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.load()

    def load(self) -> None:
        op = self.ctx.read("checklist", checklist.checklist)
        op.finished.connect(self._loaded)
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _loaded(self, data: Checklist) -> None:
        self.data = data
        en = self.ctx.lang == "en"
        self.info.setText(
            self.tr("{period} · 本级别服务点须提供 {n} 项服务；尚未确认提供：{gaps}").format(
                period=data.period,
                n=len(data.items),
                gaps=len(data.gaps),
            )
        )
        self.table.setRowCount(0)
        for item in data.items:
            row = self.table.rowCount()
            self.table.insertRow(row)
            name = QLabel(item.name_en if en else item.name_zh)
            name.setToolTip(item.service)
            self.table.setCellWidget(row, 0, name)
            answer = QComboBox()
            answer.addItem(self.tr("未确认"), None)
            answer.addItem(self.tr("已提供"), True)
            answer.addItem(self.tr("未提供"), False)
            answer.setCurrentIndex(answer.findData(item.provided))
            self.table.setCellWidget(row, 1, answer)
            note = QLineEdit(item.note)
            self.table.setCellWidget(row, 2, note)

    def answer(self, row: int) -> QComboBox:
        w = self.table.cellWidget(row, 1)
        assert isinstance(w, QComboBox)
        return w

    def note(self, row: int) -> QLineEdit:
        w = self.table.cellWidget(row, 2)
        assert isinstance(w, QLineEdit)
        return w

    def save(self) -> None:
        """Each changed answer is one ``services.confirmed`` event; unchanged ones write nothing."""
        if self.data is None:
            return
        self.saved = 0
        for row, item in enumerate(self.data.items):
            provided = self.answer(row).currentData()
            note = self.note(row).text().strip()
            if provided is None or (provided == item.provided and note == item.note):
                continue
            self._pending += 1
            op = self.ctx.write(
                "confirm_service", checklist.confirm, item.service, bool(provided), note or None
            )
            op.finished.connect(self._confirmed)
            op.failed.connect(self._failed)
        if not self._pending:
            self.message.show_kind("ok", self.tr("没有需要保存的改动。"))

    def _confirmed(self, _item: Any) -> None:
        self._pending -= 1
        self.saved += 1
        if not self._pending:
            self.message.show_kind("ok", self.tr("已保存 {n} 项确认。").format(n=self.saved))
            self.ctx.data_changed.emit("services")
            self.load()

    def _failed(self, exc: object) -> None:
        self._pending -= 1
        self.message.show_kind("error", self.ctx.message(exc))  # the form keeps what was typed
