"""自助机 Kiosks: the point's SIP2 kiosk accounts, and a live view of the kiosks connected now.

Accounts are made here by a librarian or admin (login = SIP2 ``CN``, password = ``CO``, hashed
in the store). The live view reads what the SIP2 server publishes (``sip2/status.py``), whether
it runs beside this window or as ``xclib-desk sip2 serve``: each kiosk, the reader at it (card
masked) and its last messages (passwords never shown), refreshed every two seconds.
"""

from __future__ import annotations

import functools
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..common.times import BEIJING
from ..services import kiosks
from ..services.kiosks import KioskView
from ..sip2.status import LiveView, read_status
from .context import UiContext
from .widgets import Banner, Table

REFRESH_MS = 2000


class KiosksPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.message = Banner()
        self.accounts: list[KioskView] = []
        manage = ctx.can("librarian", "admin")

        acc_box = QGroupBox(self.tr("自助机账号"))
        self.table = Table(
            [self.tr("账号"), self.tr("名称"), self.tr("位置"), self.tr("语言"), self.tr("状态")],
            stretch=1,
        )
        self.table.setObjectName("KioskAccounts")
        self.login = QLineEdit()
        self.login.setObjectName("KioskLogin")
        self.name = QLineEdit()
        self.name.setObjectName("KioskName")
        self.location = QLineEdit()
        self.location.setObjectName("KioskLocation")
        self.language = QComboBox()
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.password = QLineEdit()
        self.password.setObjectName("KioskPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.add)
        self.add_button = QPushButton(self.tr("添加自助机"))
        self.add_button.clicked.connect(self.add)
        self.toggle_button = QPushButton(self.tr("停用/启用所选"))
        self.toggle_button.clicked.connect(self.toggle)
        form = QFormLayout()
        form.addRow(self.tr("账号（CN）"), self.login)
        form.addRow(self.tr("名称"), self.name)
        form.addRow(self.tr("位置（CP）"), self.location)
        form.addRow(self.tr("屏幕语言"), self.language)
        form.addRow(self.tr("密码（CO）"), self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.toggle_button)
        buttons.addStretch(1)
        al = QVBoxLayout(acc_box)
        al.addWidget(self.table)
        if manage:
            al.addLayout(form)
            al.addLayout(buttons)
        else:
            al.addWidget(QLabel(self.tr("自助机账号由馆员或管理员管理。")))

        live_box = QGroupBox(self.tr("在线自助机"))
        self.server = QLabel()
        self.server.setObjectName("Sip2Server")
        self.live = Table(
            [
                self.tr("自助机"),
                self.tr("地址"),
                self.tr("连接于"),
                self.tr("消息数"),
                self.tr("读者"),
                self.tr("最近消息"),
            ],
            stretch=5,
        )
        self.live.setObjectName("KioskSessions")
        ll = QVBoxLayout(live_box)
        ll.addWidget(self.server)
        ll.addWidget(self.live)

        lay = QVBoxLayout(self)
        lay.addWidget(self.message)
        lay.addWidget(acc_box, 1)
        lay.addWidget(live_box, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh_live)
        self.refresh_accounts()
        self.refresh_live()

    # --- page life -------------------------------------------------------------------
    def activated(self) -> None:
        self.refresh_accounts()
        self.refresh_live()
        self.timer.start()
        (self.login if self.ctx.can("librarian", "admin") else self.table).setFocus()

    def hideEvent(self, event: object) -> None:
        self.timer.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    # --- accounts --------------------------------------------------------------------
    def refresh_accounts(self) -> None:
        op = self.ctx.read("kiosks", kiosks.list_kiosks)
        op.finished.connect(self._show_accounts)

    def _show_accounts(self, rows: list[KioskView]) -> None:
        self.accounts = rows
        self.table.set_rows(
            [
                (
                    k.login,
                    k.name,
                    k.location,
                    "中文" if k.language == "zh" else "English",
                    self.tr("启用") if k.active else self.tr("停用"),
                )
                for k in rows
            ]
        )

    def add(self) -> None:
        op = self.ctx.write(
            "kiosk-add",
            kiosks.add_kiosk,
            login=self.login.text(),
            name=self.name.text(),
            password=self.password.text(),
            location=self.location.text(),
            language=str(self.language.currentData()),
        )
        op.finished.connect(self._added)
        op.failed.connect(self._failed)

    def _added(self, view: KioskView) -> None:
        for field in (self.login, self.name, self.location, self.password):
            field.clear()
        self.message.show_kind("ok", self.tr("已添加自助机 {login}。").format(login=view.login))
        self.refresh_accounts()
        self.login.setFocus()

    def toggle(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.accounts):
            return
        k = self.accounts[row]
        op = self.ctx.write("kiosk-toggle", kiosks.set_kiosk_active, k.login, not k.active)
        op.finished.connect(lambda _v: self.refresh_accounts())
        op.failed.connect(self._failed)

    def _failed(self, exc: object) -> None:
        self.message.show_kind("error", self.ctx.message(exc))

    # --- live view -------------------------------------------------------------------
    def refresh_live(self) -> None:
        op = self.ctx.ops.background(
            "kiosk-sessions", functools.partial(read_status, self.ctx.desk.data_dir)
        )
        op.finished.connect(self._show_live)

    def _show_live(self, view: LiveView) -> None:
        if not view.running:
            self.server.setText(
                self.tr("SIP2 服务未运行（xclib-desk sip2 serve，或启动时加 --with-app）。")
            )
            self.live.set_rows([])
            return
        self.server.setText(
            self.tr("SIP2 服务运行中：{address}，编码 {encoding}{tls}").format(
                address=view.address,
                encoding=view.encoding,
                tls="，TLS" if view.tls else "",
            )
        )
        rows = []
        for s in view.sessions:
            last = s["last"][-1] if s["last"] else None
            started = datetime.fromisoformat(s["started"]).astimezone(BEIJING)
            rows.append(
                (
                    s["kiosk"] or self.tr("（未登录）"),
                    s["peer"],
                    started.strftime("%H:%M:%S"),
                    s["messages"],
                    s["patron"],
                    f"{last['command']} {last['summary']}" if last else "",
                )
            )
        self.live.set_rows(rows)
