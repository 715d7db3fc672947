"""First run on an empty store: initialise this point offline with the bundled standards
(or enrol with the district hub when the sync engine is installed), then create the first admin.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..clock import desk_clock
from ..desk import Desk
from ..errors import DeskError
from ..services import staff
from ..services.context import SYSTEM
from ..standards.schema import PointLevel
from ..sync.address import check_hub_url
from ..sync.engine import SyncEngine, SyncError
from .ops import Ops
from .theme import logo_icon
from .widgets import ok_cancel


def enrol_available() -> bool:
    return hasattr(SyncEngine, "enrol")


def _initialise_and_enrol(
    data_dir: Path, point: dict[str, str], admin: dict[str, str], hub_url: str, code: str
) -> Desk:
    """Offline initialisation, first admin, then the one-time code for a device token.

    If anything is refused, the files just created are removed: a refused setup leaves no store.
    """
    before = set(data_dir.iterdir()) if data_dir.exists() else set()
    desk = Desk.initialise(data_dir, clock=desk_clock(), **point)  # the app's clock (--now)
    try:
        desk.write(staff.add_staff, SYSTEM, role="admin", **admin)
        if hub_url:
            SyncEngine(desk).enrol(hub_url, code)
    except BaseException:
        desk.close()
        for path in set(data_dir.iterdir()) - before:
            if path.is_file():
                path.unlink()
        raise
    return desk


class SetupDialog(QDialog):
    """One page, all fields visible: a newcomer sees everything setup needs at once."""

    def __init__(self, data_dir: Path, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir, self.lang = data_dir, lang
        self.desk: Desk | None = None
        self.setWindowTitle(self.tr("首次设置 — 西城区图书馆服务点"))
        self.setWindowIcon(logo_icon())
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr("数据目录 {path} 还是空的。请设置本服务点，并建立第一个管理员账号。").format(
                path=data_dir
            )
        )
        intro.setWordWrap(True)
        mode_box = QGroupBox(self.tr("方式"))
        self.offline = QRadioButton(self.tr("离线初始化（使用内置的区馆标准包）"))
        self.offline.setChecked(True)
        self.enrol = QRadioButton(self.tr("向区馆中心登记（需要网络和一次性登记码）"))
        self.enrol.setEnabled(enrol_available())
        self.hub_url = QLineEdit()
        self.hub_url.setPlaceholderText("https://hub.xclib.example")
        self.enrol_code = QLineEdit()
        ml = QFormLayout(mode_box)
        ml.addRow(self.offline)
        ml.addRow(self.enrol)
        ml.addRow(self.tr("中心地址"), self.hub_url)
        ml.addRow(self.tr("登记码"), self.enrol_code)
        for w in (self.hub_url, self.enrol_code):
            w.setEnabled(False)
        self.enrol.toggled.connect(self.hub_url.setEnabled)
        self.enrol.toggled.connect(self.enrol_code.setEnabled)

        point_box = QGroupBox(self.tr("服务点"))
        self.point_code = QLineEdit()
        self.point_code.setObjectName("PointCode")
        self.point_code.setPlaceholderText("XC-JR01")
        self.point_name = QLineEdit()
        self.point_name.setObjectName("PointName")
        self.point_name.setPlaceholderText(self.tr("金融街街道分馆"))
        self.level = QComboBox()
        names = {
            "district": self.tr("区馆（总馆）"),
            "street": self.tr("街道分馆"),
            "community": self.tr("社区服务点"),
            "partner": self.tr("社会合作服务点"),
        }
        for lvl in PointLevel:
            self.level.addItem(names.get(lvl.value, lvl.value), lvl.value)
        self.level.setCurrentIndex(max(self.level.findData("street"), 0))
        pl = QFormLayout(point_box)
        pl.addRow(self.tr("代码"), self.point_code)
        pl.addRow(self.tr("名称"), self.point_name)
        pl.addRow(self.tr("级别"), self.level)

        admin_box = QGroupBox(self.tr("第一个管理员"))
        self.admin_code = QLineEdit("admin")
        self.admin_name = QLineEdit()
        self.admin_pw = QLineEdit()
        self.admin_pw.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_pw2 = QLineEdit()
        self.admin_pw2.setEchoMode(QLineEdit.EchoMode.Password)
        al = QFormLayout(admin_box)
        al.addRow(self.tr("工号"), self.admin_code)
        al.addRow(self.tr("姓名"), self.admin_name)
        al.addRow(self.tr("密码（至少8位）"), self.admin_pw)
        al.addRow(self.tr("再次输入密码"), self.admin_pw2)

        self.error = QLabel()
        self.error.setObjectName("Refusal")
        self.error.setWordWrap(True)
        self.error.hide()
        self.progress = QLabel()
        self.progress.hide()
        self.ops = Ops(self)
        buttons = ok_cancel(self, self.tr("完成设置"), self.tr("取消"), self.submit)
        self.buttons = buttons
        lay = QVBoxLayout(self)
        for w in (intro, mode_box, point_box, admin_box, self.error, self.progress, buttons):
            lay.addWidget(w)
        self.point_code.setFocus()

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def submit(self) -> None:
        """Validate everything before creating anything, so a refused setup leaves no store."""
        if self.admin_pw.text() != self.admin_pw2.text():
            self._fail(self.tr("两次输入的密码不一致。"))
            return
        if len(self.admin_pw.text()) < staff.MIN_PASSWORD:
            self._fail(self.tr("密码至少 8 位。"))
            return
        if not self.admin_name.text().strip() or not self.admin_code.text().strip().isalnum():
            self._fail(self.tr("请填写管理员姓名；工号只能包含字母和数字。"))
            return
        hub_url, code = "", ""
        if self.enrol.isChecked():
            hub_url, code = self.hub_url.text().strip(), self.enrol_code.text().strip()
            if not hub_url or not code:
                self._fail(self.tr("请填写中心地址（https://…）和区馆发给本服务点的登记码。"))
                return
            try:  # https, or http only to this machine (the demo's hub): the token is secret
                hub_url = check_hub_url(hub_url)
            except DeskError as e:
                self._fail(e.message(self.lang))
                return
        point = {
            "point_code": self.point_code.text(),
            "point_name": self.point_name.text(),
            "level": str(self.level.currentData()),
        }
        admin = {
            "code": self.admin_code.text().strip(),
            "name": self.admin_name.text().strip(),
            "password": self.admin_pw.text(),
        }
        self.buttons.setEnabled(False)
        self.error.hide()
        self.progress.setText(self.tr("正在设置…") if not hub_url else self.tr("正在向中心登记…"))
        self.progress.show()
        op = self.ops.background(
            "setup", lambda: _initialise_and_enrol(self.data_dir, point, admin, hub_url, code)
        )
        op.finished.connect(self._done)
        op.failed.connect(self._refused)

    def _done(self, desk: Desk) -> None:
        self.desk = desk
        self.accept()

    def _refused(self, exc: object) -> None:
        self.buttons.setEnabled(True)
        self.progress.hide()
        if isinstance(exc, DeskError):
            self._fail(exc.message(self.lang))
        elif not isinstance(exc, SyncError):  # a failure nobody planned: plain words
            self._fail(
                self.tr(
                    "设置未完成（{e}）。未创建任何数据，请重试；如反复出现请联系技术支持。"
                ).format(e=type(exc).__name__)
            )
        else:  # SyncError from the hub: its words, and what to do
            self._fail(
                self.tr("登记未成功：{e}。请核对中心地址和登记码，或先离线初始化。").format(
                    e=str(exc)
                )
            )
