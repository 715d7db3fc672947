"""The main window: district branding, the pages (Ctrl+1..9, 0), a status bar that is always true.

Branding comes from the active standards package (统一标识), never from code: title, colours,
logo. The status bar refreshes on a timer and after every change, on a worker thread. It also
warns before the disk runs out (below ``low_disk_mb`` MB free, a desk setting, default
:data:`LOW_DISK_MB`) and says why the last sync failed, in the user's language.
"""

from __future__ import annotations

import shutil
from datetime import datetime

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QKeySequence
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..common.times import as_utc
from ..errors import NEARLY_FULL
from .activities import ActivitiesPage
from .circulation import CirculationPage
from .compliance import CompliancePage
from .context import UiContext
from .duty import DutyBar
from .holdings import HoldingsPage
from .holds import HoldsPage
from .inventory import InventoryPage
from .keys import keeps_key
from .kiosks import KiosksPage
from .readers import ReadersPage
from .settings import SettingsPage
from .shipments import ShipmentsPage
from .standardspage import StandardsPage
from .statspage import StatsPage
from .statusinfo import Snapshot, gather
from .syncpage import SyncPage
from .theme import logo_icon, logo_path, stylesheet

STATUS_REFRESH_MS = 5000
#: warn when the data folder's disk has less than this many MB free (QSettings ``low_disk_mb``):
#: a day of lending needs well under 1 MB, backups and the WAL need room to breathe
LOW_DISK_MB = 200


def page_key(index: int) -> str:
    """The page's shortcut: Ctrl+1 .. Ctrl+9, then Ctrl+0 for the tenth (the digit row's
    order); pages beyond have none (the list still reaches them)."""
    return f"Ctrl+{index + 1}" if index < 9 else "Ctrl+0" if index == 9 else ""


class MainWindow(QMainWindow):
    switch_staff_requested = Signal()  # Ctrl+L: the application shell runs the sign-in

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._status_op = None
        self._status_again = False
        self.locked = False
        ident = ctx.desk.policy.package.identity
        self.setWindowTitle(
            self.tr("{district}·{point} — 借还服务台").format(
                district=ident.district_name, point=ctx.desk.point.name
            )
        )
        self.setWindowIcon(logo_icon())
        self.setStyleSheet(stylesheet(ident))
        self.resize(1280, 720)
        self.setMinimumSize(QSize(1000, 600))

        banner = QWidget()
        banner.setObjectName("Banner")
        bl = QHBoxLayout(banner)
        bl.setContentsMargins(12, 6, 12, 6)
        logo = QSvgWidget(str(logo_path()))
        logo.setFixedSize(40, 40)
        title = QLabel(f"{ident.district_name} · {ctx.desk.point.name}")
        title.setObjectName("BannerTitle")
        self.signed_in = QLabel()
        self.signed_in.setObjectName("BannerSub")
        self.signed_in.setToolTip(self.tr("换班请按 Ctrl+L"))
        bl.addWidget(logo)
        bl.addWidget(title)
        bl.addStretch(1)
        bl.addWidget(self.signed_in)

        self.nav = QListWidget()
        self.nav.setObjectName("Nav")
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.circulation = CirculationPage(ctx)
        self.readers = ReadersPage(ctx)
        self.holdings = HoldingsPage(ctx)
        self.sync = SyncPage(ctx)
        self.shipments = ShipmentsPage(ctx)
        self.inventory = InventoryPage(ctx)
        self.holds = HoldsPage(ctx)
        self.stats = StatsPage(ctx)
        # the point's compliance dashboard; the Standards page for admins only
        self.compliance = CompliancePage(ctx)
        self.standards = StandardsPage(ctx) if ctx.can("admin") else None
        self.settings = SettingsPage(ctx)
        self.activities = ActivitiesPage(ctx)
        self.kiosks = KiosksPage(ctx)
        self.pages: list[tuple[str, QWidget]] = [
            (self.tr("借还"), self.circulation),
            (self.tr("读者"), self.readers),
            (self.tr("馆藏"), self.holdings),
            (self.tr("同步"), self.sync),
            (self.tr("配送"), self.shipments),
            (self.tr("预约"), self.holds),
            (self.tr("盘点"), self.inventory),
            (self.tr("活动"), self.activities),
            (self.tr("统计"), self.stats),
            (self.tr("合规"), self.compliance),
            (self.tr("自助机"), self.kiosks),
            *([(self.tr("标准"), self.standards)] if self.standards else []),  # admins only
            (self.tr("设置"), self.settings),
        ]
        for i, (name, page) in enumerate(self.pages):
            key = page_key(i)
            item = QListWidgetItem(f"{name}   {key}" if key else name)
            self.nav.addItem(item)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.show_page)
        # as wide as the longest entry in the nav's 12pt font (English is longer than Chinese)
        font = self.nav.font()
        font.setPointSize(12)
        widest = max(
            QFontMetrics(font).horizontalAdvance(self.nav.item(i).text())
            for i in range(self.nav.count())
        )
        self.nav.setFixedWidth(widest + 40)

        body = QWidget()
        hl = QHBoxLayout(body)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.setSpacing(0)
        hl.addWidget(self.nav)
        hl.addWidget(self.stack, 1)
        central = QWidget()
        vl = QVBoxLayout(central)
        vl.setContentsMargins(0, 0, 0, 0)
        vl.setSpacing(0)
        vl.addWidget(banner)
        vl.addWidget(body, 1)
        self.body = body
        self.lock_panel = self._build_lock_panel()
        vl.addWidget(self.lock_panel, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._build_shortcuts()
        self.update_signed_in()
        self.nav.setCurrentRow(0)

        # a burst of scans refreshes the bar once, shortly after, not once per scan
        self.status_soon = QTimer(self)
        self.status_soon.setSingleShot(True)
        self.status_soon.setInterval(1000)
        self.status_soon.timeout.connect(self.refresh_status)
        ctx.data_changed.connect(lambda _what: self.status_soon.start())
        ctx.ops.busy_changed.connect(self._busy)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh_status)
        self.timer.start(STATUS_REFRESH_MS)
        self.refresh_status()

    # --- layout pieces ---------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.st_online = QLabel()
        self.st_pending = QLabel()
        self.st_last = QLabel()
        self.st_clock = QLabel()
        self.st_clock.setObjectName("Warn")
        self.st_standards = QLabel()
        self.st_busy = QLabel()
        self.st_disk = QLabel()
        self.st_disk.setObjectName("Warn")
        self.st_disk.hide()
        self.st_sync_error = QLabel()
        self.st_sync_error.setObjectName("Warn")
        self.st_sync_error.hide()
        for w in (
            self.st_disk,
            self.st_sync_error,
            self.st_online,
            self.st_pending,
            self.st_last,
            self.st_clock,
            self.st_standards,
        ):
            sb.addPermanentWidget(w)
        # staffing: on duty vs the minimum, and the sign-on/off button (Ctrl+D)
        self.duty = DutyBar(self.ctx, sb)
        self.duty.changed.connect(lambda _m: self.refresh_status())
        self.st_staff = self.duty.label
        sb.addWidget(self.st_busy)

    def _build_lock_panel(self) -> QWidget:
        """What a locked desk shows: no reader's data, only the way to sign in."""
        panel = QWidget()
        panel.setObjectName("LockPanel")
        lay = QVBoxLayout(panel)
        lay.addStretch(1)
        text = QLabel(self.tr("服务台已锁定，请接班人员登录。"))
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setStyleSheet("font-size: 16pt;")
        self.unlock_button = QPushButton(self.tr("登录（Ctrl+L）"))
        self.unlock_button.clicked.connect(self.switch_staff_requested.emit)
        lay.addWidget(text)
        lay.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignCenter)
        lay.addStretch(1)
        panel.hide()
        return panel

    def lock(self) -> None:
        """Shift change: the window stays up, but shows and does nothing for the staff member
        leaving; only Ctrl+L (sign in) is live until the next one signs in."""
        self.locked = True
        self.body.hide()
        self.lock_panel.show()
        for a in self.actions():
            a.setEnabled(a is self.switch_action)
        self.duty.button.setEnabled(False)
        self.signed_in.setText(self.tr("已锁定：待接班人员登录"))
        self.unlock_button.setFocus()

    def _build_shortcuts(self) -> None:
        def act(seq: QKeySequence | str, slot: object, text: str) -> QAction:
            a = QAction(text, self)
            a.setShortcut(QKeySequence(seq))
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.triggered.connect(slot)  # type: ignore[arg-type]
            self.addAction(a)
            return a

        for i in range(len(self.pages)):
            if page_key(i):
                act(page_key(i), lambda _=False, i=i: self.nav.setCurrentRow(i), f"page {i + 1}")
        c = self.circulation
        act(Qt.Key.Key_F2, lambda: self._circ(c.set_checkout_mode), self.tr("借出模式"))
        act(Qt.Key.Key_F3, lambda: self._circ(c.set_return_mode), self.tr("还书模式"))
        act(Qt.Key.Key_F4, lambda: self._circ(c.renew_selected), self.tr("续借所选"))
        act(QKeySequence.StandardKey.Print, self.print_, self.tr("打印凭条"))
        act("Ctrl+Shift+P", lambda: self._circ(c.save_receipt_pdf), self.tr("凭条存为 PDF"))
        act(QKeySequence.StandardKey.Find, self.find, self.tr("查找"))
        act("F5", self.sync_now, self.tr("立即同步"))
        self.switch_action = act(
            "Ctrl+L", self.switch_staff_requested.emit, self.tr("换班（切换工作人员）")
        )
        act("Ctrl+D", self.duty.toggle, self.tr("上岗 / 离岗"))
        act("Ctrl+M", self.import_marc, self.tr("导入 MARC 书目"))

    def print_(self) -> None:
        """Ctrl+P prints what the page in front of staff prints (a box's packing list on the
        Shipments page's send tab); anywhere else, the reader's receipt."""
        page = self.stack.currentWidget()
        if getattr(page, "prints", lambda: False)():
            page.print_current()  # type: ignore[attr-defined]
            return
        self._circ(self.circulation.print_receipt)

    def _circ(self, fn: object) -> None:
        self.nav.setCurrentRow(0)
        fn()  # type: ignore[operator]

    def find(self) -> None:
        page = self.stack.currentWidget()
        if hasattr(page, "focus_search"):
            page.focus_search()

    def import_marc(self) -> None:
        self.nav.setCurrentRow(self.stack.indexOf(self.holdings))
        self.holdings.import_marc()

    def sync_now(self) -> None:
        self.nav.setCurrentRow(self.stack.indexOf(self.sync))
        self.sync.sync_now()

    def show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        if hasattr(page, "activated"):
            page.activated()

    def update_signed_in(self) -> None:
        a = self.ctx.actor
        roles = {"desk": self.tr("前台"), "librarian": self.tr("馆员"), "admin": self.tr("管理员")}
        self.signed_in.setText(
            self.tr("当班：{name}（{code}，{role}）").format(
                name=a.name or a.staff_code, code=a.staff_code, role=roles.get(a.role, a.role)
            )
        )

    # --- status -----------------------------------------------------------------------------
    def _busy(self, n: int) -> None:
        self.st_busy.setText(self.tr("处理中…") if n else "")

    def refresh_status(self) -> None:
        """Gather on the pool; a request during a gather runs once more after it (never stale)."""
        self.show_disk_space()  # one statvfs: here, so a full disk shows even if gathering fails
        if self._status_op is not None:
            self._status_again = True
            return
        self._status_again = False
        engine, staff_code = self.ctx.sync_engine, self.ctx.actor.staff_code
        op = self.ctx.ops.background("status", lambda: gather(self.ctx.desk, engine, staff_code))
        self._status_op = op
        op.finished.connect(self.show_status)
        op.failed.connect(lambda _e: setattr(self, "_status_op", None))

    def show_status(self, snap: object) -> None:
        self._status_op = None
        if self._status_again:
            self.refresh_status()
        assert isinstance(snap, Snapshot)
        self.snapshot = snap
        now = self.ctx.desk.clock.now()
        if snap.online:
            self.st_online.setObjectName("OnlineBadge")
            self.st_online.setText(self.tr("● 在线"))
        else:
            self.st_online.setObjectName("OfflineBadge")
            self.st_online.setText(
                self.tr("○ 离线") if snap.enrolled else self.tr("○ 离线（未登记中心）")
            )
        self.st_online.setStyleSheet("")  # re-polish after objectName change
        self.st_online.style().unpolish(self.st_online)
        self.st_online.style().polish(self.st_online)
        if snap.pending:
            self.st_pending.setText(
                self.tr("待同步 {n} 条（最早 {age}）").format(
                    n=snap.pending, age=self.age(snap.oldest_pending_at, now)
                )
            )
        else:
            self.st_pending.setText(self.tr("待同步 0 条"))
        self.st_last.setText(
            self.tr("上次同步：{age}").format(age=self.age(snap.last_sync_at, now))
            if snap.last_sync_at
            else self.tr("上次同步：从未")
        )
        if snap.clock_warning and snap.clock_offset_s is not None:
            self.st_clock.setText(
                self.tr("⚠ 本机时钟偏差 {m} 分钟，请校准").format(m=round(snap.clock_offset_s / 60))
            )
            self.st_clock.show()
        else:
            self.st_clock.setText("")
            self.st_clock.hide()
        self.st_standards.setText(self.tr("标准 v{v}").format(v=snap.standards_version))
        self._show_sync_error(snap.last_error_code)
        self.duty.show(snap)

    def show_disk_space(self) -> None:
        """Warn before the disk is full (the threshold is a desk setting), and when it is."""
        try:
            free = shutil.disk_usage(self.ctx.desk.data_dir).free
        except OSError:
            free = None
        try:
            limit = max(int(str(QSettings().value("low_disk_mb", LOW_DISK_MB))), 0) << 20
        except ValueError:
            limit = LOW_DISK_MB << 20
        # the bar holds several warnings at once on a 1366 px screen: a few words there, the
        # whole sentence as the tooltip
        if free is not None and free < NEARLY_FULL:
            short = self.tr("⚠ 磁盘已满")
            full = self.tr("⚠ 磁盘已满：借还无法记录，请立即腾出空间")
        elif free is not None and free < limit:
            short = self.tr("⚠ 磁盘仅剩 {mb} MB").format(mb=free >> 20)
            full = self.tr("⚠ 磁盘空间不足：仅剩 {mb} MB，请尽快清理").format(mb=free >> 20)
        else:
            short = full = ""
        self.st_disk.setText(short)
        self.st_disk.setToolTip(full)
        self.st_disk.setVisible(bool(short))

    def _show_sync_error(self, code: str | None) -> None:
        """Why the last sync failed, in a few words from the engine's stable code; the full
        message (hub address, detail) is on the Sync page."""
        words = {
            "network": (
                self.tr("同步失败：连不上中心"),
                self.tr("同步失败：无法连接区馆中心，稍后自动重试"),
            ),
            "auth": (
                self.tr("同步失败：凭证被拒"),
                self.tr("同步失败：中心不接受本机凭证，请联系中心管理员"),
            ),
            "protocol": (
                self.tr("同步失败：需升级程序"),
                self.tr("同步失败：中心不接受本机版本，请升级程序"),
            ),
            "hub": (
                self.tr("同步失败：中心出错"),
                self.tr("同步失败：区馆中心出错，稍后自动重试"),
            ),
            "store": (
                self.tr("同步失败：本机存储"),
                self.tr("同步失败：本机数据无法写入（磁盘已满或被占用），稍后自动重试"),
            ),
        }
        fallback = (self.tr("同步失败"), self.tr("同步失败，稍后自动重试；详情见“同步”页"))
        short, full = ("", "") if not code or code == "not_enrolled" else words.get(code, fallback)
        self.st_sync_error.setText(short)
        self.st_sync_error.setToolTip(full)
        self.st_sync_error.setVisible(bool(short))

    def age(self, at: datetime | None, now: datetime) -> str:
        """How long ago, in words a clerk reads at a glance."""
        if at is None:
            return "—"
        secs = max(int((now - as_utc(at)).total_seconds()), 0)
        if secs < 60:
            return self.tr("刚刚")
        if secs < 3600:
            return self.tr("{n} 分钟前").format(n=secs // 60)
        if secs < 86400 * 2:
            return self.tr("{n} 小时前").format(n=secs // 3600)
        return self.tr("{n} 天前").format(n=secs // 86400)

    def event(self, event: QEvent) -> bool:
        # a key the focused widget edits with (F2 in a table, F4 on a list) is not a shortcut;
        # unclaimed ShortcutOverride events bubble up to the window, so this sees them all
        if keeps_key(QApplication.focusWidget(), event):
            event.accept()
            return True
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        self.status_soon.stop()
        self.ctx.ops.shutdown()
        super().closeEvent(event)
