"""标准 Standards (admins only): draft the next package, see the diff, sign, publish to the hub.

Everything here talks to the hub's admin API (``sync.admin_client``) on the background pool; the
admin token is entered once and kept with the desk's device secrets. The draft starts from the
newest package the hub has, is checked by the package schema field by field, and is signed with
the district's private key (a passphrase-protected file the admin chooses) on a worker thread,
so the passphrase's key derivation never freezes the window. Nothing reaches the hub unless the
whole draft is valid; the hub then runs the same checks as ``xclib-hub standards-publish``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..errors import DeskError, Text
from ..protocol.wire import PublishedOut, StandardsOverview
from ..standards.diff import Change, changes
from ..standards.kpi import ComplianceReport
from ..standards.schema import StandardsPackage
from ..standards.signing import load_private_key, sign
from ..sync.admin_client import AdminClient, has_admin_token, save_admin_token
from .compliance import DistrictCompliance, level_name
from .context import UiContext
from .ops import OpHandle
from .packageform import PackageForm, path_text
from .widgets import Banner, Table, beijing_time

#: set at signing time; a difference nobody needs to read
QUIET = {"issued_at"}


def _value(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return QCoreApplication.translate("StandardsPage", "是" if v else "否")
    if isinstance(v, str) and len(v) >= 19 and v[10:11] == "T":  # an ISO time: Beijing, minutes
        try:
            return beijing_time(datetime.fromisoformat(v))
        except ValueError:
            return v
    return str(v)


def sign_and_publish(
    client: AdminClient, package: StandardsPackage, key_file: str, passphrase: str
) -> PublishedOut:
    """The worker side of 签名并发布: read the key, sign the canonical package, publish."""
    try:
        pem = Path(key_file).read_bytes()
    except OSError as e:
        why = e.strerror or str(e)
        raise DeskError("bad_input", detail=Text(f"私钥文件：{why}", f"key file: {why}")) from None
    signed = sign(package, load_private_key(pem, passphrase.encode()))
    return client.publish(signed)


class StandardsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.overview: StandardsOverview | None = None
        self.published: PublishedOut | None = None
        self._load_op: OpHandle | None = None
        self._publish_op: OpHandle | None = None
        self.message = Banner()

        # --- connection: the hub's address (from enrolment) and the admin token ---
        self.hub_label = QLabel()
        self.hub_label.setWordWrap(True)
        self.token = QLineEdit()
        self.token.setObjectName("AdminToken")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("中心管理令牌（xclib-hub admin-token 生成）"))
        self.token.returnPressed.connect(self.save_token)
        self.save_token_button = QPushButton(self.tr("保存令牌"))
        self.save_token_button.clicked.connect(self.save_token)
        self.reload_button = QPushButton(self.tr("刷新"))
        self.reload_button.clicked.connect(self.load)
        conn = QHBoxLayout()
        conn.addWidget(self.hub_label, 1)
        conn.addWidget(self.token)
        conn.addWidget(self.save_token_button)
        conn.addWidget(self.reload_button)

        # --- 1. the draft ---
        self.form = PackageForm()
        self.form.changed.connect(self.refresh_diff)
        self.check_button = QPushButton(self.tr("检查草稿 (F9)"))
        self.check_button.clicked.connect(self.check)
        self.check_result = QLabel()
        draft = QWidget()
        dl = QVBoxLayout(draft)
        dl.addWidget(self.form, 1)
        row = QHBoxLayout()
        row.addWidget(self.check_result, 1)
        row.addWidget(self.check_button)
        dl.addLayout(row)

        # --- 2. diff, sign, publish ---
        self.diff_table = Table(
            [self.tr("项目"), self.tr("现行（最新发布）"), self.tr("草稿")], stretch=0
        )
        self.diff_table.setObjectName("DiffTable")
        self.diff_summary = QLabel()
        self.key_file = QLineEdit()
        self.key_file.setObjectName("KeyFile")
        self.key_file.setPlaceholderText(self.tr("区馆私钥文件（district-….key.pem）"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self.choose_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_file, 1)
        key_row.addWidget(browse)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("KeyPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(self.publish)
        self.publish_button = QPushButton(self.tr("签名并发布"))
        self.publish_button.setObjectName("Publish")
        self.publish_button.clicked.connect(self.publish)
        sign_box = QGroupBox(self.tr("签名并发布到区馆中心"))
        sl = QFormLayout(sign_box)
        sl.addRow(self.tr("私钥文件"), key_row)
        sl.addRow(self.tr("私钥口令"), self.passphrase)
        sl.addRow(
            QLabel(
                self.tr(
                    "发布后各服务点在下次同步时收到新标准包，并于生效时间起执行；"
                    "已借出的图书仍按借出时的规则。"
                )
            )
        )
        sl.addRow(self.publish_button)
        review = QWidget()
        rl = QVBoxLayout(review)
        rl.addWidget(self.diff_summary)
        rl.addWidget(self.diff_table, 1)
        rl.addWidget(sign_box)

        # --- 3. versions and which one each point runs ---
        self.points_table = Table(
            [
                self.tr("服务点"),
                self.tr("名称"),
                self.tr("级别"),
                self.tr("运行版本"),
                self.tr("最近上传事件"),
            ],
            stretch=1,
        )
        self.points_table.setObjectName("PointVersions")
        self.versions_table = Table(
            [self.tr("版本"), self.tr("标题"), self.tr("生效时间"), self.tr("签名密钥")],
            stretch=1,
        )
        versions = QWidget()
        vl = QVBoxLayout(versions)
        vl.addWidget(QLabel(self.tr("各服务点执行的版本（按其上传事件所带的标准包版本）")))
        vl.addWidget(self.points_table, 2)
        vl.addWidget(QLabel(self.tr("已发布的版本")))
        vl.addWidget(self.versions_table, 1)

        # --- 4. district compliance ---
        self.district = DistrictCompliance(ctx)
        district = QWidget()
        cl = QVBoxLayout(district)
        self.district_button = QPushButton(self.tr("刷新区域合规"))
        self.district_button.clicked.connect(self.load_compliance)
        cr = QHBoxLayout()
        cr.addStretch(1)
        cr.addWidget(self.district_button)
        cl.addLayout(cr)
        cl.addWidget(self.district, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("StandardsTabs")
        self.tabs.addTab(draft, self.tr("编辑草稿"))
        self.tabs.addTab(review, self.tr("核对差异并发布"))
        self.tabs.addTab(versions, self.tr("版本与服务点"))
        self.tabs.addTab(district, self.tr("区域合规"))
        self.tabs.currentChanged.connect(self._tab)
        lay = QVBoxLayout(self)
        lay.addLayout(conn)
        lay.addWidget(self.message)
        lay.addWidget(self.tabs, 1)
        QShortcut(QKeySequence("F9"), self, self.check)
        self._show_connection()

    # --- connection -------------------------------------------------------------------------
    def _hub_url(self) -> str | None:
        engine = self.ctx.sync_engine
        try:
            return engine.hub_url if engine is not None else None
        except Exception:
            return None

    def _show_connection(self) -> None:
        url = self._hub_url()
        desk = self.ctx.desk
        saved = has_admin_token(desk.data_dir, desk.device_id)
        if url is None:
            self.hub_label.setText(self.tr("本机尚未登记到区馆中心：标准包只能在联网登记后发布。"))
        elif saved:
            self.hub_label.setText(self.tr("区馆中心 {url} · 已保存管理令牌").format(url=url))
        else:
            self.hub_label.setText(
                self.tr("区馆中心 {url} · 请输入中心管理令牌（只需输入一次）").format(url=url)
            )
        self.token.setVisible(url is not None and not saved)
        self.save_token_button.setVisible(url is not None and not saved)

    def client(self) -> AdminClient:
        desk = self.ctx.desk
        return AdminClient.for_desk(self.ctx.sync_engine, desk.data_dir, desk.device_id)

    def save_token(self) -> None:
        url, token = self._hub_url(), self.token.text().strip()
        if url is None or not token:
            return
        desk, engine = self.ctx.desk, self.ctx.sync_engine

        def check() -> None:
            client = AdminClient(url, token, verify=engine._verify())
            try:
                client.check()  # only a token the hub accepts is kept
            finally:
                client.close()
            save_admin_token(desk.data_dir, desk.device_id, token)

        op = self.ctx.ops.background("admin_token", check)
        op.finished.connect(lambda _r: self._token_saved())
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _token_saved(self) -> None:
        self.token.clear()
        self._show_connection()
        self.message.show_kind("ok", self.tr("管理令牌已保存。"))
        self.load()

    # --- loading ----------------------------------------------------------------------------
    def activated(self) -> None:
        self._show_connection()
        if self.overview is None and self._load_op is None:
            self.load()

    def focus_search(self) -> None:
        self.form.tabs.setFocus()

    def load(self) -> None:
        try:
            client = self.client()
        except DeskError as exc:
            self.message.show_kind("error", self.ctx.message(exc))
            return

        def fetch() -> StandardsOverview:
            try:
                return client.standards()
            finally:
                client.close()

        op = self.ctx.ops.background("standards_overview", fetch)
        self._load_op = op
        op.finished.connect(lambda res, op=op: self._loaded(op, res))
        op.failed.connect(lambda exc, op=op: self._load_failed(op, exc))

    def _load_failed(self, op: OpHandle, exc: object) -> None:
        if op is self._load_op:
            self._load_op = None
        self.message.show_kind("error", self.ctx.message(exc))

    def _loaded(self, op: OpHandle, ov: StandardsOverview) -> None:
        if op is not self._load_op:
            return
        self._load_op = None
        first = self.overview is None or self.published is not None
        self.overview = ov
        if first:  # a fresh draft: at start, and after a publish (never over an edit)
            self.published = None
            newest = max((v.version for v in ov.versions), default=0)
            self.form.load(ov.latest, newest + 1)
        self.points_table.set_rows(
            [
                [
                    p.code,
                    p.name,
                    level_name(p.level),
                    f"v{p.standards_version}" if p.standards_version is not None else "—",
                    beijing_time(p.last_event_at),
                ]
                for p in ov.points
            ]
        )
        self.versions_table.set_rows(
            [
                [
                    f"v{v.version}"
                    + (self.tr("（现行）") if v.version == ov.active_version else ""),
                    v.title,
                    beijing_time(v.effective_from),
                    v.signed_by or self.tr("（内置）"),
                ]
                for v in reversed(ov.versions)
            ]
        )
        self.refresh_diff()

    def load_compliance(self) -> None:
        try:
            client = self.client()
        except DeskError as exc:
            self.message.show_kind("error", self.ctx.message(exc))
            return

        def fetch() -> ComplianceReport:
            try:
                return ComplianceReport.model_validate(client.compliance())
            finally:
                client.close()

        op = self.ctx.ops.background("district_compliance", fetch)
        op.finished.connect(self.district.show_report)
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _tab(self, index: int) -> None:
        if index == 1:
            self.check(quiet=True)
        elif index == 3 and not self.district.points:
            self.load_compliance()

    # --- checking and the diff ----------------------------------------------------------------
    def check(self, quiet: bool = False) -> StandardsPackage | None:
        if self.overview is None:
            return None
        pkg = self.form.validate()
        if pkg is None:
            self.check_result.setText(
                self.tr("草稿有 {n} 处错误，见各项下方的红字。").format(n=self.form.error_count())
            )
            self.check_result.setStyleSheet("color: #b3261e;")
        else:
            self.check_result.setText(self.tr("草稿符合标准包格式。"))
            self.check_result.setStyleSheet("color: #2e7d32;")
        self.refresh_diff(pkg)
        return pkg

    def diff(self, pkg: StandardsPackage | None = None) -> list[Change]:
        if self.overview is None:
            return []
        new = pkg.model_dump(mode="json") if pkg is not None else self.form.data()
        return [c for c in changes(self.overview.latest, new) if c.path not in QUIET]

    def refresh_diff(self, pkg: StandardsPackage | None = None) -> None:
        rows = self.diff(pkg)
        self.diff_table.set_rows([[path_text(c.path), _value(c.old), _value(c.new)] for c in rows])
        self.diff_summary.setText(
            self.tr("与最新发布的 v{v} 相比有 {n} 处改动：").format(
                v=self.overview.latest.get("version", "—") if self.overview else "—", n=len(rows)
            )
        )

    # --- signing and publishing -------------------------------------------------------------
    def choose_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择区馆私钥文件"), "", self.tr("私钥 (*.pem);;所有文件 (*)")
        )
        if path:
            self.key_file.setText(path)
            self.passphrase.setFocus()

    def publish(self) -> None:
        if self._publish_op is not None:
            return
        pkg = self.check()
        if pkg is None:
            self.message.show_kind(
                "error",
                self.tr("草稿有错误，未发布。请按红字提示修改后再发布。")
                if self.overview is not None
                else self.tr("尚未从区馆中心取得现行标准包，无法发布。"),
            )
            if self.overview is not None:
                self.tabs.setCurrentIndex(0)
            return
        if all(c.path == "version" for c in self.diff(pkg)):
            self.message.show_kind("error", self.tr("草稿与最新发布的版本没有区别，未发布。"))
            return
        if not self.key_file.text().strip() or not self.passphrase.text():
            self.message.show_kind("error", self.tr("请选择区馆私钥文件并输入口令。"))
            self.key_file.setFocus()
            return
        try:
            client = self.client()
        except DeskError as exc:
            self.message.show_kind("error", self.ctx.message(exc))
            return
        key_file, passphrase = self.key_file.text().strip(), self.passphrase.text()

        def run() -> PublishedOut:
            try:
                return sign_and_publish(client, pkg, key_file, passphrase)
            finally:
                client.close()

        op = self.ctx.ops.background("standards_publish", run)
        self._publish_op = op
        self.publish_button.setEnabled(False)
        self.message.show_kind("ok", self.tr("正在签名并发布…"))
        op.finished.connect(self._published)
        op.failed.connect(self._publish_failed)

    def _published(self, out: PublishedOut) -> None:
        self._publish_op = None
        self.publish_button.setEnabled(True)
        self.passphrase.clear()
        self.published = out
        self.message.show_kind(
            "ok",
            self.tr("已发布标准包 v{v}，{when} 起生效。各服务点下次同步时收到。").format(
                v=out.version, when=beijing_time(out.effective_from)
            ),
        )
        self.load()

    def _publish_failed(self, exc: object) -> None:
        self._publish_op = None
        self.publish_button.setEnabled(True)
        self.passphrase.clear()
        self.message.show_kind("error", self.ctx.message(exc))
