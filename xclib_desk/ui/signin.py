"""Sign-in: staff code + password, checked with argon2 by ``staff.authenticate`` off the GUI thread.

The dialog returns the :class:`Actor` that every later ``desk.write`` carries. At start-up its
second button leaves the program; at a shift change (``shift=True``, over the locked window) it
only closes the box, and the desk stays locked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..desk import Desk
from ..services import staff
from ..services.context import SYSTEM, Actor
from .context import failure_text
from .ops import OpHandle, Ops
from .theme import logo_icon
from .widgets import ok_cancel


class SignInDialog(QDialog):
    def __init__(
        self,
        desk: Desk,
        ops: Ops,
        lang: str,
        parent: QWidget | None = None,
        *,
        shift: bool = False,
    ) -> None:
        super().__init__(parent)
        self.desk, self.ops, self.lang = desk, ops, lang
        self.actor: Actor | None = None
        self._op: OpHandle | None = None
        ident = desk.policy.package.identity
        self.setWindowTitle(
            self.tr("登录 — {district}·{point}").format(
                district=ident.district_name, point=desk.point.name
            )
        )
        self.setWindowIcon(logo_icon())
        self.setMinimumWidth(420)
        title = QLabel(f"<b>{ident.district_name}</b><br>{desk.point.name}")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 14pt;")
        self.code = QLineEdit()
        self.code.setObjectName("StaffCode")
        self.code.setPlaceholderText(self.tr("工号"))
        self.password = QLineEdit()
        self.password.setObjectName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("Refusal")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("工号"), self.code)
        form.addRow(self.tr("密码"), self.password)
        cancel = self.tr("取消") if shift else self.tr("退出")
        self.buttons = ok_cancel(self, self.tr("登录"), cancel, self.submit)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.code.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)
        self.code.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter is handled per field (code -> password -> sign in), not by a default button."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        if self._op is not None:
            return
        code, pw = self.code.text().strip(), self.password.text()
        if not code or not pw:
            self._show_error(self.tr("请输入工号和密码。"))
            return
        self.buttons.setEnabled(False)
        # authenticate writes an audit row (sign-in attempts are audited): a write transaction
        self._op = self.ops.serial(
            "signin", lambda: self.desk.write(staff.authenticate, SYSTEM, code, pw)
        )
        self._op.finished.connect(self._signed_in)
        self._op.failed.connect(self._refused)

    def _signed_in(self, actor: object) -> None:
        assert isinstance(actor, Actor)
        self.actor = actor
        self._op = None
        self.accept()

    def _refused(self, exc: object) -> None:
        self._op = None
        self.buttons.setEnabled(True)
        msg = failure_text(exc, self.lang)
        self._show_error(msg)
        self.password.clear()
        self.password.setFocus()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
