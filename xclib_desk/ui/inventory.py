"""盘点 Inventory: walk a shelf range with the scanner, then read the discrepancy report.

Scanner-first like the circulation page: start (a call-number range, or none for the whole
collection) or resume an open inventory, then every barcode is one Enter on the serial lane and
its verdict lands in the list at once (a copy from another shelf or point, or one the desk does
not expect on a shelf, turns red and beeps). Finishing (Ctrl+Enter) asks first, since scans are
closed afterwards, and shows the report: missing, misplaced and unexpected copies, each its own
list. A librarian then confirms what to do (missing copies declared lost, other points' copies
sent home) and may export the report. The rules are ``services.inventory``; this page only
calls them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..services import inventory
from ..services.inventory import InventoryReport, InventoryView, Line, ScanResult
from .context import UiContext
from .widgets import Banner, Table

VERDICTS = {
    "found": QT_TRANSLATE_NOOP("InventoryPage", "在架"),
    "misplaced": QT_TRANSLATE_NOOP("InventoryPage", "错架"),
    "unexpected": QT_TRANSLATE_NOOP("InventoryPage", "异常"),
}
REASONS = {
    "in_place": QT_TRANSLATE_NOOP("InventoryPage", "位置正确"),
    "other_point": QT_TRANSLATE_NOOP("InventoryPage", "属于其他服务点"),
    "other_shelf": QT_TRANSLATE_NOOP("InventoryPage", "不在本次盘点的架位范围"),
    "unknown": QT_TRANSLATE_NOOP("InventoryPage", "本馆没有此条码"),
    "on_loan": QT_TRANSLATE_NOOP("InventoryPage", "记录为借出"),
    "elsewhere": QT_TRANSLATE_NOOP("InventoryPage", "记录在其他服务点"),
    "not_scanned": QT_TRANSLATE_NOOP("InventoryPage", "应在架，未扫到"),
    "lost": QT_TRANSLATE_NOOP("InventoryPage", "记录为丢失"),
    "in_transit": QT_TRANSLATE_NOOP("InventoryPage", "记录为在途"),
    "damaged": QT_TRANSLATE_NOOP("InventoryPage", "记录为破损"),
    "withdrawn": QT_TRANSLATE_NOOP("InventoryPage", "记录为已剔除"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("InventoryPage", text)


def reason_text(reason: str) -> str:
    return _tr(REASONS[reason]) if reason in REASONS else reason


class InventoryPage(QWidget):
    """Start or resume an inventory, scan the shelf, finish, act on the report."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.session: InventoryView | None = None
        self.report: InventoryReport | None = None
        self.counts = {"found": 0, "misplaced": 0, "unexpected": 0}

        self.call_from = QLineEdit()
        self.call_from.setObjectName("CallFrom")
        self.call_from.setPlaceholderText(self.tr("起始索书号或分类，如 I2"))
        self.call_to = QLineEdit()
        self.call_to.setObjectName("CallTo")
        self.call_to.setPlaceholderText(self.tr("终止索书号或分类，如 I3；都空 = 全部馆藏"))
        self.call_to.returnPressed.connect(self.start)
        self.start_button = QPushButton(self.tr("开始盘点"))
        self.start_button.clicked.connect(self.start)
        self.open_list = QComboBox()
        self.open_list.setObjectName("OpenInventories")
        self.open_list.activated.connect(lambda _i: self._resume())
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("架位从")))
        head.addWidget(self.call_from, 1)
        head.addWidget(QLabel(self.tr("到")))
        head.addWidget(self.call_to, 1)
        head.addWidget(self.start_button)
        head.addSpacing(16)
        head.addWidget(QLabel(self.tr("继续未完成的盘点")))
        head.addWidget(self.open_list, 1)

        self.title = QLabel(self.tr("输入架位范围后开始盘点，或继续一次未完成的盘点。"))
        self.title.setObjectName("ModeLabel")
        self.scan = QLineEdit()
        self.scan.setObjectName("ScanField")
        self.scan.setMaxLength(64)
        self.scan.setPlaceholderText(self.tr("逐册扫描架上图书条码，回车"))
        self.scan.returnPressed.connect(self.on_scan)
        self.scan.setEnabled(False)
        self.tally = QLabel()
        self.tally.setObjectName("InventoryCounts")
        self.message = Banner()
        self.scans = Table(
            [
                self.tr("条码"),
                self.tr("结果"),
                self.tr("说明"),
                self.tr("题名"),
                self.tr("索书号"),
            ],
            stretch=3,
        )
        self.scans.setObjectName("InventoryScans")

        self.summary = QLabel()
        self.summary.setObjectName("InventorySummary")
        self.summary.setWordWrap(True)
        self.lists: dict[str, Table] = {}
        self.report_tabs = QTabWidget()
        self.report_tabs.setObjectName("InventoryReport")
        for key in ("missing", "misplaced", "unexpected"):
            table = Table(
                [
                    self.tr("条码"),
                    self.tr("题名"),
                    self.tr("索书号"),
                    self.tr("说明"),
                    self.tr("所属"),
                ],
                stretch=1,
            )
            table.setObjectName(f"Report_{key}")
            self.lists[key] = table
            self.report_tabs.addTab(table, "")
        self.lost_button = QPushButton(self.tr("缺失图书标记为丢失…"))
        self.lost_button.clicked.connect(lambda: self.mark_missing())
        self.home_button = QPushButton(self.tr("他馆图书建立调拨回馆"))
        self.home_button.clicked.connect(lambda: self.transfer_home())
        self.export_button = QPushButton(self.tr("导出报告…"))
        self.export_button.clicked.connect(lambda: self.export())
        actions = QHBoxLayout()
        for b in (self.lost_button, self.home_button, self.export_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            actions.addWidget(b)
        actions.addStretch(1)
        self.report_box = QGroupBox(self.tr("差异报告"))
        rl = QVBoxLayout(self.report_box)
        rl.addWidget(self.summary)
        rl.addWidget(self.report_tabs, 1)
        rl.addLayout(actions)
        self.report_box.hide()

        self.finish_button = QPushButton(self.tr("结束盘点，生成报告 (Ctrl+Enter)"))
        self.finish_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.finish_button.clicked.connect(lambda: self.finish())
        self.finish_button.setEnabled(False)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan, 1)
        scan_row.addWidget(self.finish_button)

        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.title)
        lay.addLayout(scan_row)
        lay.addWidget(self.tally)
        lay.addWidget(self.message)
        lay.addWidget(self.scans, 1)
        lay.addWidget(self.report_box, 1)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, lambda: self.finish())
        self._show_actions()

    # --- page protocol ----------------------------------------------------------------------
    def activated(self) -> None:
        self.reload()
        self.focus_search()

    def focus_search(self) -> None:
        (self.scan if self.scan.isEnabled() else self.call_from).setFocus()

    def reload(self) -> None:
        op = self.ctx.read("inventories", inventory.open_sessions)
        op.finished.connect(self._show_open)

    def _show_open(self, rows: list[InventoryView]) -> None:
        self.open_list.clear()
        for v in rows:
            self.open_list.addItem(
                self.tr("{range}，已扫 {n} 册").format(range=self.scope(v), n=v.scans), v.uid
            )
        self.open_list.setEnabled(bool(rows))

    def scope(self, v: InventoryView) -> str:
        if not v.call_from and not v.call_to:
            return self.tr("全部馆藏")
        return f"{v.call_from or '…'} – {v.call_to or '…'}"

    # --- start / resume ---------------------------------------------------------------------
    def start(self) -> None:
        op = self.ctx.write(
            "inventory_start",
            inventory.start,
            self.call_from.text().strip() or None,
            self.call_to.text().strip() or None,
        )
        op.finished.connect(lambda v: (self._opened(v, []), self.reload()))
        op.failed.connect(self._refused)

    def _resume(self) -> None:
        uid = self.open_list.currentData()
        if not uid:
            return
        op = self.ctx.read("inventory_report", inventory.report, str(uid))
        op.finished.connect(self._resumed)
        op.failed.connect(self._refused)

    def _resumed(self, rep: InventoryReport) -> None:
        seen = [("found", ln) for ln in rep.found] + [
            (k, ln) for k in ("misplaced", "unexpected") for ln in getattr(rep, k)
        ]
        self._opened(rep.session, seen)

    def _opened(self, v: InventoryView, seen: list[tuple[str, Line]]) -> None:
        self.session = v
        self.report = None
        self.report_box.hide()
        self.scans.show()
        self.counts = {"found": 0, "misplaced": 0, "unexpected": 0}
        self.scans.setRowCount(0)
        for verdict, ln in seen:
            self._add_row(verdict, ln.barcode, ln.reason, ln.title, ln.call_number)
        self.title.setText(self.tr("正在盘点：{range}").format(range=self.scope(v)))
        self.scan.setEnabled(True)
        self.finish_button.setEnabled(True)
        self.message.clear_message()
        self._show_tally()
        self.scan.setFocus()

    # --- scanning ---------------------------------------------------------------------------
    def on_scan(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if not code or self.session is None:
            return
        op = self.ctx.write("inventory_scan", inventory.scan, self.session.uid, code)
        op.finished.connect(self._scanned)
        op.failed.connect(self._refused)

    def _scanned(self, r: ScanResult) -> None:
        if r.repeated:
            self.message.show_kind(
                "route", self.tr("{barcode} 已扫过，不重复计数。").format(barcode=r.barcode)
            )
            return
        self._add_row(r.verdict, r.barcode, r.reason, r.title, r.call_number)
        self._show_tally()
        if r.verdict == "found":
            self.message.show_kind(
                "ok", self.tr("{barcode}《{title}》在架").format(barcode=r.barcode, title=r.title)
            )
        else:  # a refusal's colour and beep: take it off this shelf
            self.message.show_kind(
                "error",
                self.tr("{verdict}：{barcode} {why}，请取出另放").format(
                    verdict=_tr(VERDICTS[r.verdict]),
                    barcode=r.barcode,
                    why=reason_text(r.reason),
                ),
            )

    def _add_row(self, verdict: str, barcode: str, reason: str, title: str, call: str) -> None:
        self.counts[verdict] = self.counts.get(verdict, 0) + 1
        self.scans.add_row(
            [barcode, _tr(VERDICTS.get(verdict, verdict)), reason_text(reason), title, call],
            at=0,
            warn=verdict != "found",
        )

    def _show_tally(self) -> None:
        c = self.counts
        self.tally.setText(
            self.tr("已扫 {n} · 在架 {found} · 错架 {misplaced} · 异常 {unexpected}").format(
                n=sum(c.values()), **c
            )
        )

    def _refused(self, exc: object) -> None:
        self.message.show_kind("error", self.ctx.message(exc))
        self.focus_search()

    # --- finishing and the report -----------------------------------------------------------
    def finish(self, confirm: bool = True) -> None:
        if self.session is None or not self.scan.isEnabled():
            return
        if confirm:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("结束盘点"),
                self.tr("结束后不能再扫描本次盘点。已扫 {n} 册，现在结束并生成差异报告吗？").format(
                    n=sum(self.counts.values())
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.setEscapeButton(QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                self.scan.setFocus()
                return
        op = self.ctx.write("inventory_finish", inventory.finish, self.session.uid)
        op.finished.connect(self.message.clear_message)  # the last scan's banner goes
        op.finished.connect(self.show_report)
        op.failed.connect(self._refused)

    def show_report(self, rep: InventoryReport) -> None:
        self.report = rep
        self.session = rep.session
        self.scan.setEnabled(False)
        self.finish_button.setEnabled(False)
        self.scans.hide()
        self.report_box.show()
        self.title.setText(self.tr("盘点已结束：{range}").format(range=self.scope(rep.session)))
        self.summary.setText(
            self.tr(
                "应在架 {expected} 册：找到 {found}，缺失 {missing}；另有错架 {misplaced}，"
                "异常 {unexpected}。"
            ).format(
                expected=rep.expected,
                found=len(rep.found),
                missing=len(rep.missing),
                misplaced=len(rep.misplaced),
                unexpected=len(rep.unexpected),
            )
        )
        names = {
            "missing": self.tr("缺失 {n}"),
            "misplaced": self.tr("错架 {n}"),
            "unexpected": self.tr("异常 {n}"),
        }
        here = self.ctx.desk.point.code
        for i, key in enumerate(("missing", "misplaced", "unexpected")):
            lines: list[Line] = getattr(rep, key)
            self.report_tabs.setTabText(i, names[key].format(n=len(lines)))
            self.lists[key].set_rows(
                [
                    [
                        ln.barcode,
                        ln.title,
                        ln.call_number,
                        reason_text(ln.reason),
                        self.tr("本馆") if ln.owner == here else ln.owner,
                    ]
                    for ln in lines
                ]
            )
        self._show_actions()
        self.reload()
        self.report_tabs.setFocus()

    def _show_actions(self) -> None:
        rep = self.report
        librarian = self.ctx.can("librarian", "admin")
        here = self.ctx.desk.point.code
        self.lost_button.setEnabled(librarian and rep is not None and bool(rep.missing))
        away = rep is not None and any(ln.owner not in (here, "") for ln in rep.misplaced)
        self.home_button.setEnabled(librarian and away)
        self.export_button.setEnabled(rep is not None)
        if not librarian:
            tip = self.tr("只有馆员或管理员可以确认盘点处理。")
            self.lost_button.setToolTip(tip)
            self.home_button.setToolTip(tip)

    def mark_missing(self, confirm: bool = True) -> None:
        rep = self.report
        if rep is None or not rep.missing:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("标记为丢失"),
                self.tr("将 {n} 册缺失图书标记为丢失？此操作会同步到区馆。").format(
                    n=len(rep.missing)
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        op = self.ctx.write("inventory_lost", inventory.mark_missing, rep.session.uid, None)
        op.finished.connect(
            lambda done: self._acted(self.tr("已标记丢失 {n} 册。").format(n=len(done)))
        )
        op.failed.connect(self._refused)

    def transfer_home(self) -> None:
        rep = self.report
        if rep is None:
            return
        here = self.ctx.desk.point.code
        away = [ln.barcode for ln in rep.misplaced if ln.owner not in (here, "")]
        if not away:
            return
        op = self.ctx.write("inventory_home", inventory.transfer_home, rep.session.uid, away)
        op.finished.connect(
            lambda done: self._acted(
                self.tr("已为 {n} 册他馆图书建立调拨，可在“配送”页装箱。").format(n=len(done))
            )
        )
        op.failed.connect(self._refused)

    def _acted(self, text: str) -> None:
        self.message.show_kind("ok", text)
        self.ctx.data_changed.emit("holdings")
        if self.report is not None:
            op = self.ctx.read("inventory_report", inventory.report, self.report.session.uid)
            op.finished.connect(self.show_report)

    def export(self, path: Path | None = None) -> Any:
        rep = self.report
        if rep is None:
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("导出盘点报告"),
                str(Path.home() / "inventory.xlsx"),
                self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
            )
            if not name:
                return None
            path = Path(name)
        op = self.ctx.ops.background("inventory_export", lambda: inventory.export_report(rep, path))
        op.finished.connect(
            lambda p: self.message.show_kind("ok", self.tr("已导出：{path}").format(path=p))
        )
        op.failed.connect(self._refused)
        return op
