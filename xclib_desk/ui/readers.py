"""读者 Readers: search (card, name, pinyin), register, edit, block/unblock, renew card.

Resident ID numbers are typed once, checked (GB 11643 check character, birth date) while typing,
and stay readable while the form is open (the clerk compares them with the card); once registered
they are only ever shown masked, and the store keeps a keyed hash, never the number.

The form is filled by a scanner and the keyboard: Enter moves to the next field (a card scan ends
with Enter, so it must not submit an empty form); Ctrl+Enter, the save button, or Enter in the last
field (address, or the guardian's phone for a child) saves.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..errors import DeskError
from ..services import readers
from ..services.idcard import age_on, check_id_number
from ..services.readers import GUARDIAN_AGE, ReaderView
from .context import UiContext
from .holds import PlaceHoldDialog
from .ops import OpHandle
from .widgets import Banner, ReasonDialog, SearchBox, Table, ok_cancel


def reader_row(ctx: UiContext, r: ReaderView) -> list[object]:
    status = (
        QCoreApplication.translate("ReadersPage", "正常")
        if r.status == "active"
        else QCoreApplication.translate("ReadersPage", "停用")
    )
    return [
        r.card_no,
        r.name,
        ctx.reader_type_name(r.reader_type),
        status,
        r.expires_on.isoformat(),
        r.open_loans,
        r.id_masked or "",
    ]


class ReaderForm(QDialog):
    """Register (``reader is None``) or edit. The dialog stays open on a refusal, with the words."""

    def __init__(self, ctx: UiContext, reader: ReaderView | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx, self.reader = ctx, reader
        self.result_view: ReaderView | None = None
        self._op: OpHandle | None = None
        self.setWindowTitle(self.tr("读者登记") if reader is None else self.tr("修改读者信息"))
        self.setMinimumWidth(520)
        self.card = QLineEdit()
        self.card.setObjectName("CardNo")
        self.card.setPlaceholderText(self.tr("扫描新读者证"))
        self.name = QLineEdit()
        self.name.setObjectName("Name")
        self.rtype = QComboBox()
        self.rtype.setObjectName("ReaderType")
        for code in ctx.desk.policy.reader_types:
            self.rtype.addItem(ctx.reader_type_name(code), code)
        self.id_number = QLineEdit()
        self.id_number.setObjectName("IdNumber")
        self.id_number.setMaxLength(18)
        self.id_check = QLabel(self.tr("18位，末位可为 X"))
        self.id_check.setObjectName("IdCheck")
        self.id_check.setWordWrap(True)
        self.phone = QLineEdit()
        self.phone.setObjectName("Phone")
        self.address = QLineEdit()
        self.guardian_box = QGroupBox(self.tr("监护人（未满14周岁必填）"))
        self.guardian_name = QLineEdit()
        self.guardian_name.setObjectName("GuardianName")
        self.guardian_phone = QLineEdit()
        self.guardian_phone.setObjectName("GuardianPhone")
        gl = QFormLayout(self.guardian_box)
        gl.addRow(self.tr("监护人姓名"), self.guardian_name)
        gl.addRow(self.tr("监护人电话"), self.guardian_phone)
        form = QFormLayout()
        form.addRow(self.tr("读者证号"), self.card)
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("读者类型"), self.rtype)
        form.addRow(self.tr("身份证号"), self.id_number)
        form.addRow(self.id_check)  # the whole width: a refusal reads in full, in any language
        form.addRow(self.tr("电话"), self.phone)
        form.addRow(self.tr("地址"), self.address)
        self.error = Banner()
        self.error.setObjectName("FormError")
        self.buttons = ok_cancel(self, self.tr("保存 (Ctrl+Enter)"), self.tr("取消"), self.submit)
        for button in self.buttons.buttons():
            button.setAutoDefault(False)  # Enter in a field is handled by keyPressEvent
            button.setDefault(False)
        self.fields: list[QWidget] = [
            self.card,
            self.name,
            self.rtype,
            self.id_number,
            self.phone,
            self.address,
            self.guardian_name,
            self.guardian_phone,
        ]
        # the staff note and the reader's message (shown at card scan): edited, never registered
        self.notes_box = QGroupBox(self.tr("备注与留言（扫证时显示）"))
        self.staff_note = QLineEdit()
        self.staff_note.setObjectName("StaffNote")
        self.staff_note.setMaxLength(300)
        self.reader_message = QLineEdit()
        self.reader_message.setObjectName("ReaderMessage")
        self.reader_message.setMaxLength(300)
        self.reader_message.setPlaceholderText(self.tr("扫证时请馆员告知读者；留空即清除"))
        nl = QFormLayout(self.notes_box)
        nl.addRow(self.tr("工作备注"), self.staff_note)
        nl.addRow(self.tr("给读者的留言"), self.reader_message)
        self.notes_box.setVisible(reader is not None)
        if reader is not None:
            self.fields += [self.staff_note, self.reader_message]
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.guardian_box)
        lay.addWidget(self.notes_box)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.needs_guardian = False
        self.id_number.textChanged.connect(self._check_id)
        if reader is not None:
            self.card.setText(reader.card_no)
            self.card.setEnabled(False)
            self.name.setText(reader.name)
            self.rtype.setCurrentIndex(max(self.rtype.findData(reader.reader_type), 0))
            self.id_number.setText(reader.id_masked or "")
            self.id_number.setEnabled(False)
            self.phone.setText(reader.phone or "")
            self.address.setText(reader.address or "")
            self.guardian_name.setText(reader.guardian_name or "")
            self.guardian_phone.setText(reader.guardian_phone or "")
            self.staff_note.setText(reader.staff_note or "")
            self.reader_message.setText(reader.reader_message or "")
            self.name.setFocus()
        else:
            self.card.setFocus()

    def keyPressEvent(self, event: Any) -> None:
        """Enter moves on, as Tab does, so a scanner's Enter after the card number never saves
        a half-filled form; Ctrl+Enter saves from anywhere; Enter in the last field saves."""
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submit()
            return
        here = self.focusWidget()
        if here not in self.fields:
            super().keyPressEvent(event)
            return
        if here is self.last_field():
            self.submit()
            return
        later = self.fields[self.fields.index(here) + 1 :]
        nxt = next((w for w in later if w.isEnabled()), None)
        if nxt is None:
            self.submit()
        else:
            nxt.setFocus(Qt.FocusReason.TabFocusReason)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_wrapped()

    def _fit_wrapped(self) -> None:
        """A top-level dialog ignores its labels' height-for-width, so a refusal that wraps to
        a second line would be cut off: reserve the height its words need at today's width."""
        for label in (self.id_check, self.error):
            label.setMinimumHeight(label.heightForWidth(label.width()))

    def last_field(self) -> QWidget:
        """Where Enter saves: the reader's message when editing, the guardian's phone for a
        child, the address otherwise."""
        if self.reader is not None:
            return self.reader_message
        child = self.needs_guardian or self.rtype.currentData() == "child"
        return self.guardian_phone if child else self.address

    def _check_id(self, text: str) -> None:
        """Live feedback while typing; the service checks again on save (one rule, one place)."""
        if self.reader is not None:
            return
        self._say_id(text)
        self._fit_wrapped()

    def _say_id(self, text: str) -> None:
        self.needs_guardian = False
        if len(text.strip()) < 18:
            self.id_check.setText(self.tr("18位，末位可为 X"))
            return
        try:
            _, birth = check_id_number(text)
        except DeskError as exc:
            self.id_check.setText("✗ " + exc.message(self.ctx.lang))
            return
        age = age_on(birth, date.today())
        note = self.tr("✓ 出生日期 {birth}，{age} 岁").format(birth=birth.isoformat(), age=age)
        if age < GUARDIAN_AGE:
            self.needs_guardian = True
            note += self.tr("；未满14周岁，须登记监护人")
            if self.rtype.findData("child") >= 0:
                self.rtype.setCurrentIndex(self.rtype.findData("child"))
        self.id_check.setText(note)

    def submit(self) -> None:
        if self._op is not None:
            return
        fields: dict[str, Any] = {
            "name": self.name.text(),
            "reader_type": str(self.rtype.currentData()),
            "phone": self.phone.text() or None,
            "address": self.address.text() or None,
            "guardian_name": self.guardian_name.text() or None,
            "guardian_phone": self.guardian_phone.text() or None,
        }
        if self.reader is None:
            op = self.ctx.write(
                "register",
                readers.register,
                card_no=self.card.text(),
                id_number=self.id_number.text(),
                **fields,
            )
        else:
            fields["staff_note"] = self.staff_note.text() or None
            fields["reader_message"] = self.reader_message.text() or None
            op = self.ctx.write("edit_reader", readers.edit, self.reader.card_no, **fields)
        self._op = op
        self.buttons.setEnabled(False)
        op.finished.connect(self._saved)
        op.failed.connect(self._refused)

    def _saved(self, view: ReaderView) -> None:
        self._op = None
        self.result_view = view
        self.ctx.data_changed.emit("readers")
        self.accept()

    def _refused(self, exc: object) -> None:
        self._op = None
        self.buttons.setEnabled(True)
        self.error.show_kind("error", self.ctx.message(exc))
        self._fit_wrapped()


class ReaderSearchDialog(QDialog):
    """Ctrl+F at the desk: find a reader by card, name or pinyin; Enter picks the highlighted."""

    def __init__(self, ctx: UiContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.card: str | None = None
        self.setWindowTitle(self.tr("查找读者"))
        self.resize(760, 420)
        self.query = SearchBox(
            ctx,
            "reader_search",
            readers.search,
            placeholder=self.tr("证号、姓名或拼音（如 zhangsan / zs）"),
        )
        self.table = Table(
            [
                self.tr("证号"),
                self.tr("姓名"),
                self.tr("类型"),
                self.tr("状态"),
                self.tr("有效期至"),
                self.tr("在借"),
                self.tr("身份证"),
            ],
            stretch=1,
        )
        self.info = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.query)
        lay.addWidget(self.info)
        lay.addWidget(self.table)
        self.query.started.connect(lambda _q: self.info.setText(self.tr("正在查找…")))
        self.query.answered.connect(self._show)
        self.query.refused.connect(lambda text: self.info.setText(text))
        self.table.doubleClicked.connect(self.pick)

    def _show(self, rows: list[ReaderView]) -> None:
        self.table.set_rows([reader_row(self.ctx, r) for r in rows])
        self.info.setText(self.tr("找到 {n} 位读者").format(n=len(rows)))
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.pick()
            return
        super().keyPressEvent(event)

    def pick(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.card = self.table.cell_text(row, 0)
            self.accept()


class ReadersPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[ReaderView] = []
        self.query = SearchBox(
            ctx,
            "reader_search",
            readers.search,
            placeholder=self.tr("证号、姓名或拼音（如 zhangsan / zs），回车查找"),
        )
        self.query.setObjectName("ReaderQuery")
        self.query.started.connect(lambda _q: self.info.setText(self.tr("正在查找…")))
        self.query.answered.connect(self._show)
        self.query.refused.connect(lambda text: self.info.setText(text))
        self.table = Table(
            [
                self.tr("证号"),
                self.tr("姓名"),
                self.tr("类型"),
                self.tr("状态"),
                self.tr("有效期至"),
                self.tr("在借"),
                self.tr("身份证"),
            ],
            stretch=1,
        )
        self.table.itemSelectionChanged.connect(self._selected)
        self.info = QLabel()
        self.message = Banner()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setMinimumWidth(280)
        self.register_button = QPushButton(self.tr("登记新读者 (Ctrl+N)"))
        self.edit_button = QPushButton(self.tr("修改 (Ctrl+E)"))
        self.block_button = QPushButton(self.tr("停用 / 恢复 (Ctrl+B)"))
        self.renew_button = QPushButton(self.tr("续证 (Ctrl+R)"))
        self.register_button.clicked.connect(self.register)
        self.edit_button.clicked.connect(self.edit)
        self.block_button.clicked.connect(self.toggle_block)
        self.renew_button.clicked.connect(self.renew_card)
        buttons = QHBoxLayout()
        for b in (self.register_button, self.edit_button, self.block_button, self.renew_button):
            buttons.addWidget(b)
        self.hold_button = QPushButton(self.tr("为其预约… (Ctrl+H)"))  # ui/holds.py
        self.hold_button.clicked.connect(self.place_hold)
        buttons.addWidget(self.hold_button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("查找")))
        top.addWidget(self.query, 1)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        detail_box = QGroupBox(self.tr("读者详情"))
        dl = QVBoxLayout(detail_box)
        dl.addWidget(self.detail)
        dl.addStretch(1)
        body.addWidget(detail_box)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.info)
        lay.addWidget(self.message)
        lay.addLayout(body, 1)
        lay.addLayout(buttons)
        for key, slot in (
            ("Ctrl+N", self.register),
            ("Ctrl+E", self.edit),
            ("Ctrl+B", self.toggle_block),
            ("Ctrl+R", self.renew_card),
        ):
            QShortcut(QKeySequence(key), self, slot)
        QShortcut(QKeySequence("Ctrl+H"), self, self.place_hold)
        self._update_buttons()

    def activated(self) -> None:
        self.query.setFocus()

    def focus_search(self) -> None:
        self.query.focus()

    def search(self) -> None:
        self.query.run()

    def _show(self, rows: list[ReaderView]) -> None:
        self.rows = list(rows)
        self.table.set_rows([reader_row(self.ctx, r) for r in rows])
        self.info.setText(self.tr("找到 {n} 位读者").format(n=len(rows)))
        if rows:
            self.table.selectRow(0)
        else:
            self.detail.setText("")
        self._update_buttons()

    def current(self) -> ReaderView | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _selected(self) -> None:
        r = self.current()
        self._update_buttons()
        if r is None:
            self.detail.setText("")
            return
        lines = [
            f"<b style='font-size:13pt'>{r.name}</b>",
            self.tr("证号：{v}").format(v=r.card_no),
            self.tr("类型：{v}").format(v=self.ctx.reader_type_name(r.reader_type)),
            self.tr("身份证：{v}").format(v=r.id_masked or "—"),
            self.tr("出生日期：{v}").format(v=r.birth_date.isoformat() if r.birth_date else "—"),
            self.tr("电话：{v}").format(v=r.phone or "—"),
            self.tr("地址：{v}").format(v=r.address or "—"),
            self.tr("有效期至：{v}").format(v=r.expires_on.isoformat()),
            self.tr("在借：{v} 册").format(v=r.open_loans),
            self.tr("办证服务点：{v}").format(v=r.home_point or "—"),
        ]
        if r.guardian_name:
            lines.append(
                self.tr("监护人：{n}（{p}）").format(n=r.guardian_name, p=r.guardian_phone or "")
            )
        if r.staff_note:
            lines.append(self.tr("工作备注：{v}").format(v=html.escape(r.staff_note)))
        if r.reader_message:
            lines.append(
                "<b>"
                + self.tr("给读者的留言：{v}").format(v=html.escape(r.reader_message))
                + "</b>"
            )
        if r.status == "blocked":
            lines.append(
                "<span style='color:#8a1111'><b>"
                + self.tr("已停用：{v}").format(v=r.block_reason or "-")
                + "</b></span>"
            )
        self.detail.setText("<br>".join(lines))

    def _update_buttons(self) -> None:
        has = self.current() is not None
        self.edit_button.setEnabled(has)
        self.renew_button.setEnabled(has)
        self.block_button.setEnabled(has and self.ctx.can("librarian", "admin"))

    def _replace(self, view: ReaderView) -> None:
        for i, r in enumerate(self.rows):
            if r.card_no == view.card_no:
                self.rows[i] = view
                self.table.set_row(i, reader_row(self.ctx, view))
                self.table.selectRow(i)
                self._selected()
                return
        self.rows.insert(0, view)
        self.table.add_row(reader_row(self.ctx, view), at=0)
        self.table.selectRow(0)
        self._selected()

    def register(self) -> None:
        dlg = ReaderForm(self.ctx, None, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.result_view:
            self._replace(dlg.result_view)
            self.message.show_kind(
                "ok",
                self.tr("已登记读者 {name}，证号 {card}。").format(
                    name=dlg.result_view.name, card=dlg.result_view.card_no
                ),
            )

    def edit(self) -> None:
        r = self.current()
        if r is None:
            return
        dlg = ReaderForm(self.ctx, r, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.result_view:
            self._replace(dlg.result_view)
            self.message.show_kind("ok", self.tr("已保存。"))

    def _run(self, name: str, fn: Any, *args: Any, done: str) -> None:
        op = self.ctx.write(name, fn, *args)
        op.finished.connect(lambda v: (self._replace(v), self.message.show_kind("ok", done)))
        op.finished.connect(lambda _v: self.ctx.data_changed.emit("readers"))
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def toggle_block(self) -> None:
        r = self.current()
        if r is None or not self.ctx.can("librarian", "admin"):
            return
        if r.status == "blocked":
            self._run("unblock", readers.unblock, r.card_no, done=self.tr("已恢复读者证。"))
            return
        dlg = ReasonDialog(
            self.tr("停用读者证"),
            self.tr("停用后该读者在所有服务点都不能借书（还书不受影响）。"),
            self.tr("停用原因"),
            self,
        )
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self._run(
                "block", readers.block, r.card_no, dlg.value(), done=self.tr("已停用读者证。")
            )

    def place_hold(self) -> None:
        """预约 for the selected reader: the title or copy is asked next (ui/holds.py)."""
        r = self.current()
        if r is not None:
            PlaceHoldDialog(self.ctx, self, card=r.card_no).exec()

    def renew_card(self) -> None:
        r = self.current()
        if r is None:
            return
        self._run("renew_card", readers.renew_card, r.card_no, done=self.tr("已续证。"))
