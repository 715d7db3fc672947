"""预约 Holds: the pull list, the hold shelf, every hold this point knows, and placing a hold.

Scanner-first like the circulation page. On the pull list (取书单) a scanned copy is captured
for its hold: the banner says 送往 X (F8 packs it into the box to X) or 放预约架. On the hold shelf
(预约架) a scanned copy that arrived for a hold here goes on the shelf with its date; the table
is the list of readers to call, soonest to expire first. Ctrl+H places a hold (card, then title uid,
ISBN or a copy's barcode). The rules and events are ``services.holds``; this page only calls
them. :func:`slip_banner` and :func:`announce_ready` are the circulation page's two hooks.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..common.isbn import normalise_isbn
from ..common.times import BEIJING
from ..services import holds, points, shipments
from ..services.holds import CallLine, HoldSlip, HoldView, PullLine, ReadyAt
from ..services.points import PointView
from ..services.shipments import ShipmentView
from ..standards.schema import Identity
from .context import UiContext
from .receipt import ReceiptDocument, receipt_printer
from .widgets import Banner, Table, beijing_time, ok_cancel

STATES = {
    "waiting": QT_TRANSLATE_NOOP("HoldsPage", "等待中"),
    "captured": QT_TRANSLATE_NOOP("HoldsPage", "已留书，在途"),
    "on_shelf": QT_TRANSLATE_NOOP("HoldsPage", "在预约架"),
    "filled": QT_TRANSLATE_NOOP("HoldsPage", "已借出"),
    "cancelled": QT_TRANSLATE_NOOP("HoldsPage", "已取消"),
    "lapsed": QT_TRANSLATE_NOOP("HoldsPage", "已失效"),
    "expired": QT_TRANSLATE_NOOP("HoldsPage", "逾期未取"),
    "refused": QT_TRANSLATE_NOOP("HoldsPage", "未被受理"),
}


PROVISIONAL = QT_TRANSLATE_NOOP("HoldsPage", "（待中心确认）")
TO_SHELF = QT_TRANSLATE_NOOP(
    "HoldsPage", "预约书：放预约架。{barcode} {call} 读者 {who}，保留至 {day}"
)
SEND_TO = QT_TRANSLATE_NOOP(
    "HoldsPage", "预约书：送往 {name}（{code}）。{barcode} {call} 读者 {who}"
)
READY = QT_TRANSLATE_NOOP("HoldsPage", "该读者有 {n} 册预约书待取：{where}")
READY_AT = QT_TRANSLATE_NOOP("HoldsPage", "预约图书已到：可在 {where} 取书")
#: one pickup point in that sentence, and what joins two (the punctuation is the language's)
READY_PLACE = QT_TRANSLATE_NOOP("HoldsPage", "{name}（{code}）")
LIST_JOIN = QT_TRANSLATE_NOOP("HoldsPage", "、")


def _tr(text: str) -> str:
    return QCoreApplication.translate("HoldsPage", text)


def state_text(v: HoldView) -> str:
    text = _tr(STATES.get(v.status, v.status))
    if v.provisional:
        text += _tr(PROVISIONAL)
    return text


def slip_banner(x: HoldSlip) -> str:
    """The check-in's and the pull list's banner for a captured copy."""
    who = f"{x.masked_name} ****{x.card_tail}"
    if x.on_shelf:
        return _tr(TO_SHELF).format(
            barcode=x.barcode, call=x.call_number, who=who, day=x.shelf_expires_on
        )
    return _tr(SEND_TO).format(
        name=x.to_name, code=x.to_point, barcode=x.barcode, call=x.call_number, who=who
    )


def ready_at_text(rows: list[ReadyAt]) -> str:
    """The pickup points the district's reader index names (this desk does not know the
    holds themselves): 预约图书已到：可在 X（B01）取书."""
    where = _tr(LIST_JOIN).join(_tr(READY_PLACE).format(name=x.name, code=x.code) for x in rows)
    return _tr(READY_AT).format(where=where)


def announce_ready(rows: list[HoldView], elsewhere: list[ReadyAt], banner: Banner) -> None:
    """At a card scan: tell the reader their copies waiting on a hold shelf (the reader's
    account carries them: services.account), in full for the holds this desk knows, by pickup
    point for those only the reader index names."""
    parts = []
    if rows:
        where = "、".join(f"《{v.title}》→ {v.pickup_point}" for v in rows)
        parts.append(_tr(READY).format(n=len(rows), where=where))
    if elsewhere:
        parts.append(ready_at_text(elsewhere))
    if parts:
        banner.show_kind("route", "；".join(parts))


SLIP_WORDS = {
    "slip": QT_TRANSLATE_NOOP("HoldsPage", "预约书条"),
    "to": QT_TRANSLATE_NOOP("HoldsPage", "送往"),
    "shelf": QT_TRANSLATE_NOOP("HoldsPage", "放预约架"),
    "reader": QT_TRANSLATE_NOOP("HoldsPage", "读者"),
    "until": QT_TRANSLATE_NOOP("HoldsPage", "保留至"),
    "calls": QT_TRANSLATE_NOOP("HoldsPage", "预约到书待通知读者（{n} 人）"),
    "none": QT_TRANSLATE_NOOP("HoldsPage", "预约架上没有待取的书。"),
}


def _keep(text: str) -> str:
    return f"<span style='white-space:nowrap'>{html.escape(text)}</span>"


def _head(identity: Identity) -> str:
    head = identity.receipt_header.splitlines()[0] if identity.receipt_header else ""
    return html.escape(head)


def hold_slip_html(identity: Identity, x: HoldSlip, now: datetime) -> str:
    """The slip put in a held copy: where it goes, large (送往 X or 放预约架), the reader masked
    (name, card tail), the copy, and the date it is kept until."""
    e = html.escape
    w = {k: e(_tr(v)) for k, v in SLIP_WORDS.items()}
    where = (
        f"<div style='font-size:16pt'><b>{w['shelf']}</b></div>"
        if x.on_shelf
        else f"<div>{w['to']}</div><div style='font-size:16pt'><b>{e(x.to_name)}</b></div>"
        f"<div style='font-size:14pt'>{_keep(x.to_point)}</div>"
    )
    until = (
        f"<div>{w['until']} <b>{_keep(x.shelf_expires_on.isoformat())}</b></div>"
        if x.shelf_expires_on
        else ""
    )
    return (
        "<html><body style='font-size:9pt'>"
        f"<div style='text-align:center'><b>{_head(identity)}</b><br><b>{w['slip']}</b></div>"
        f"<hr>{where}<hr>"
        f"<div>{w['reader']} <b>{e(x.masked_name)}</b> {_keep('****' + x.card_tail)}</div>"
        f"<p>{e(x.hold.title)}<br>{_keep(x.barcode)}&nbsp;&nbsp;{_keep(x.call_number)}</p>"
        f"{until}"
        f"<div style='text-align:right'>{_keep(x.hold.uid[:8])} "
        f"{_keep(now.astimezone(BEIJING).strftime('%Y-%m-%d %H:%M'))}</div>"
        "</body></html>"
    )


def call_list_html(identity: Identity, point: str, rows: list[CallLine], now: datetime) -> str:
    """The readers to call, soonest to expire first: name, phone, card, copy, date kept until
    (the librarian's own list; it stays at the desk)."""
    e = html.escape
    w = {k: e(_tr(v)) for k, v in SLIP_WORDS.items()}
    parts = [
        f"<div style='text-align:center'><b>{_head(identity)}</b><br>"
        f"<b>{w['calls'].format(n=len(rows))}</b><br>{e(point)}</div><hr>"
    ]
    for n, x in enumerate(rows, 1):
        h = x.hold
        until = h.shelf_expires_on.isoformat() if h.shelf_expires_on else ""
        parts.append(
            f"<p style='margin-top:3px'>{n}. <b>{e(x.name or x.masked_name)}</b> "
            f"{_keep(x.phone or '')}<br>{_keep(h.card_no)}&nbsp;&nbsp;"
            f"{_keep(h.captured_item or '')}"
            f"<br>{e(h.title)}<br>{w['until']} {_keep(until)}</p>"
        )
    if not rows:
        parts.append(f"<p>{w['none']}</p>")
    parts.append(
        f"<hr><div style='text-align:right'>"
        f"{_keep(now.astimezone(BEIJING).strftime('%Y-%m-%d %H:%M'))}</div>"
    )
    return "<html><body style='font-size:9pt'>" + "".join(parts) + "</body></html>"


def _scan_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName("ScanField")
    field.setMaxLength(64)
    field.setPlaceholderText(placeholder)
    return field


class PlaceHoldDialog(QDialog):
    """Card, then what (title uid, ISBN, or a copy's barcode), then the pickup point."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, card: str = "",
                 title: str = "", district_title: str | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx = ctx
        self.district_title = district_title
        self.result_view: HoldView | None = None
        self.setWindowTitle(self.tr("预约"))
        self.setMinimumWidth(480)
        self.card = QLineEdit(card)
        self.card.setObjectName("HoldCard")
        self.what = QLineEdit(title)
        self.what.setObjectName("HoldWhat")
        self.what.setPlaceholderText(self.tr("书目号、ISBN，或单册条码"))
        self.pickup = QComboBox()
        self.pickup.setObjectName("HoldPickup")
        self.error = Banner()
        form = QFormLayout()
        form.addRow(self.tr("读者证"), self.card)
        form.addRow(self.tr("预约什么"), self.what)
        form.addRow(self.tr("取书点"), self.pickup)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        if district_title:
            lay.addWidget(QLabel(self.tr("全区书目：《{t}》").format(t=district_title)))
        lay.addWidget(self.error)
        lay.addWidget(ok_cancel(self, self.tr("预约"), self.tr("取消"), self.submit))
        op = ctx.read("points", points.known_points)
        op.finished.connect(self._points)
        (self.what if card else self.card).setFocus()
        self.card.returnPressed.connect(self.what.setFocus)

    def _points(self, rows: list[PointView]) -> None:
        here = self.ctx.desk.point.code
        for p in sorted(rows, key=lambda p: (p.code != here, p.code)):
            self.pickup.addItem(f"{p.name}（{p.code}）", p.code)

    def submit(self) -> None:
        what = self.what.text().strip()
        if not what:  # Enter after the card: on to what to hold
            self.what.setFocus()
            return
        kwargs: dict[str, Any] = {"pickup": self.pickup.currentData() or None}
        if self.district_title:
            kwargs["district_title"] = self.district_title
        if normalise_isbn(what) is None and len(what) != 36:
            kwargs["barcode"] = what  # neither an ISBN nor a title uid: a copy-level hold
            op = self.ctx.write("hold_place", holds.place, self.card.text(), None, **kwargs)
        else:
            op = self.ctx.write("hold_place", holds.place, self.card.text(), what, **kwargs)
        op.finished.connect(self._placed)
        op.failed.connect(lambda exc: self.error.show_kind("error", self.ctx.message(exc)))

    def _placed(self, v: HoldView) -> None:
        self.result_view = v
        self.ctx.data_changed.emit("holds")
        self.accept()


class HoldsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.last_slip: HoldSlip | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("HoldTabs")
        self.message = Banner()
        # --- 取书单 the pull list ---
        self.pull_scan = _scan_field(self.tr("扫描取书单上的图书条码，回车"))
        self.pull_scan.returnPressed.connect(self.on_pull_scan)
        self.pull_table = Table(
            [self.tr("索书号"), self.tr("条码"), self.tr("题名"), self.tr("取书点"),
             self.tr("预约")], stretch=2,
        )  # fmt: skip
        self.pull_table.setObjectName("PullList")
        self.pack_button = QPushButton(self.tr("装入配送单 (F8)"))
        self.pack_button.clicked.connect(self.pack)
        self.pack_button.setEnabled(False)
        self.not_found_button = QPushButton(self.tr("架上找不到所选 (F7)"))
        self.not_found_button.clicked.connect(self.not_found)
        self.slip_button = QPushButton(self.tr("打印预约书条 (Ctrl+P)"))
        self.slip_button.clicked.connect(lambda: self.print_slip())
        self.slip_button.setEnabled(False)
        pull = QWidget()
        pl = QVBoxLayout(pull)
        pl.addWidget(self.pull_scan)
        pl.addWidget(self.pull_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.pack_button)
        row.addWidget(self.not_found_button)
        row.addWidget(self.slip_button)
        row.addStretch(1)
        pl.addLayout(row)
        self.pull_rows: list[PullLine] = []
        self.shelf_rows: list[CallLine] = []
        self.printable: HoldSlip | None = None  # the last slip captured or shelved here
        # --- 预约架 the hold shelf ---
        self.shelf_scan = _scan_field(self.tr("扫描到馆的预约书条码，回车：放上预约架"))
        self.shelf_scan.returnPressed.connect(self.on_shelf_scan)
        self.shelf_table = Table(
            [self.tr("保留至"), self.tr("条码"), self.tr("题名"), self.tr("读者"),
             self.tr("读者证"), self.tr("电话")], stretch=2,
        )  # fmt: skip
        self.shelf_table.setObjectName("HoldShelf")
        self.expire_button = QPushButton(self.tr("处理过期预约"))
        self.expire_button.clicked.connect(self.expire_due)
        self.calls_button = QPushButton(self.tr("打印待通知名单"))
        self.calls_button.clicked.connect(lambda: self.print_call_list())
        self.export_button = QPushButton(self.tr("导出取书单和待通知名单…"))
        self.export_button.clicked.connect(lambda: self.export_lists())
        shelf = QWidget()
        sl = QVBoxLayout(shelf)
        sl.addWidget(self.shelf_scan)
        sl.addWidget(self.shelf_table, 1)
        srow = QHBoxLayout()
        srow.addWidget(self.expire_button)
        srow.addWidget(self.calls_button)
        srow.addWidget(self.export_button)
        srow.addStretch(1)
        sl.addLayout(srow)
        # --- 全部预约 every hold ---
        self.all_table = Table(
            [self.tr("预约"), self.tr("读者证"), self.tr("题名"), self.tr("取书点"),
             self.tr("状态"), self.tr("预约时间")], stretch=2,
        )  # fmt: skip
        self.all_table.setObjectName("AllHolds")
        self.place_button = QPushButton(self.tr("新预约… (Ctrl+H)"))
        self.place_button.clicked.connect(lambda: self.place())
        self.cancel_button = QPushButton(self.tr("取消所选预约"))
        self.cancel_button.clicked.connect(self.cancel_selected)
        every = QWidget()
        el = QVBoxLayout(every)
        el.addWidget(self.all_table, 1)
        erow = QHBoxLayout()
        erow.addWidget(self.place_button)
        erow.addWidget(self.cancel_button)
        erow.addStretch(1)
        el.addLayout(erow)
        self.all_rows: list[HoldView] = []
        self.tabs.addTab(pull, self.tr("取书单"))
        self.tabs.addTab(shelf, self.tr("预约架"))
        self.tabs.addTab(every, self.tr("全部预约"))
        self.tabs.currentChanged.connect(lambda _i: self.activated())
        lay = QVBoxLayout(self)
        lay.addWidget(self.message)
        lay.addWidget(self.tabs, 1)
        QShortcut(QKeySequence("Ctrl+H"), self, lambda: self.place())
        QShortcut(QKeySequence(Qt.Key.Key_F8), self, self.pack)
        QShortcut(QKeySequence(Qt.Key.Key_F7), self, self.not_found)

    # --- loading ----------------------------------------------------------------------------
    def activated(self) -> None:
        i = self.tabs.currentIndex()
        if i == 0:
            self.ctx.read("holds_pull", holds.pull_list).finished.connect(self._show_pull)
        elif i == 1:
            self.ctx.read("holds_shelf", holds.hold_shelf).finished.connect(self._show_shelf)
        else:
            self.ctx.read("holds_all", holds.list_holds).finished.connect(self._show_all)
        self.focus_search()

    def focus_search(self) -> None:
        i = self.tabs.currentIndex()
        (self.pull_scan if i == 0 else self.shelf_scan if i == 1 else self.all_table).setFocus()

    def _show_pull(self, rows: list[PullLine]) -> None:
        self.pull_rows = list(rows)
        self.pull_table.set_rows(
            [[x.call_number, x.barcode, x.title, x.pickup_point, x.hold_uid[:8]] for x in rows]
        )

    def _show_shelf(self, rows: list[CallLine]) -> None:
        self.shelf_rows = list(rows)
        today = self.ctx.desk.clock.now().date()
        self.shelf_table.set_rows([])
        for x in rows:
            h = x.hold
            self.shelf_table.add_row(
                [str(h.shelf_expires_on), h.captured_item or "", h.title,
                 x.name or x.masked_name, h.card_no, x.phone or ""],
                warn=h.shelf_expires_on is not None and h.shelf_expires_on < today,
            )  # fmt: skip

    def _show_all(self, rows: list[HoldView]) -> None:
        self.all_rows = list(rows)
        self.all_table.set_rows(
            [[v.uid[:8], v.card_no, v.title, v.pickup_point, state_text(v),
              beijing_time(v.placed_at)] for v in rows]
        )  # fmt: skip

    def _error(self, exc: object) -> None:
        self.message.show_kind("error", self.ctx.message(exc))

    # --- scanning ---------------------------------------------------------------------------
    def on_pull_scan(self) -> None:
        code = self.pull_scan.text().strip()
        self.pull_scan.clear()
        if not code:
            return
        op = self.ctx.write("hold_capture", holds.capture, code)
        op.finished.connect(self._captured)
        op.failed.connect(self._error)

    def _captured(self, x: HoldSlip) -> None:
        self.last_slip = self.printable = x
        self.slip_button.setEnabled(True)
        self.pack_button.setEnabled(not x.on_shelf)
        text = slip_banner(x)
        if not x.on_shelf:
            text += "\n" + self.tr("按 F8 装入发往 {code} 的配送单。").format(code=x.to_point)
        self.message.show_kind("route", text)
        self.ctx.data_changed.emit("holds")
        self.activated()

    def pack(self) -> None:
        x = self.last_slip
        if x is None or x.on_shelf:
            return
        op = self.ctx.write("hold_pack", shipments.pack_for_hold, x.barcode)
        op.finished.connect(self._packed)
        op.failed.connect(self._error)

    def _packed(self, box: ShipmentView) -> None:
        self.pack_button.setEnabled(False)
        self.last_slip = None
        self.message.show_kind(
            "ok",
            self.tr("已装入配送单 {ref}（发往 {code}），共 {n} 册；请在配送页发出。").format(
                ref=box.uid[:8], code=box.to_point, n=box.items
            ),
        )
        self.pull_scan.setFocus()

    def not_found(self) -> None:
        row = self.pull_table.currentRow()
        if not 0 <= row < len(self.pull_rows):
            return
        op = self.ctx.write("hold_not_found", holds.not_found, self.pull_rows[row].hold_uid)
        op.finished.connect(lambda _v: self.activated())
        op.failed.connect(self._error)

    def on_shelf_scan(self) -> None:
        code = self.shelf_scan.text().strip()
        self.shelf_scan.clear()
        if not code:
            return
        op = self.ctx.write("hold_shelve", holds.shelve, code)
        op.finished.connect(self._shelved)
        op.failed.connect(self._error)

    def _shelved(self, x: HoldSlip) -> None:
        self.printable = x
        self.slip_button.setEnabled(True)
        self.message.show_kind("ok", slip_banner(x))
        self.activated()

    def expire_due(self) -> None:
        desk, actor = self.ctx.desk, self.ctx.actor

        def run() -> int:
            due = desk.read(holds.expiring, actor)
            for v in due:
                desk.write(holds.expire, actor, v.uid)
            return len(due)

        op = self.ctx.ops.serial("holds_expire", run)
        op.finished.connect(
            lambda n: (
                self.message.show_kind("ok", self.tr("已处理过期预约 {n} 条。").format(n=n)),
                self.activated(),
            )
        )
        op.failed.connect(self._error)

    # --- printing and exporting -------------------------------------------------------------
    def prints(self) -> bool:
        """Ctrl+P is this page's on the pull list and the hold shelf (the last slip)."""
        return self.tabs.currentIndex() in (0, 1)

    def print_current(self) -> None:
        self.print_slip()

    def _print(self, doc: ReceiptDocument, pdf_path: Path | None) -> bool:
        if pdf_path is not None:
            doc.print_(receipt_printer(pdf_path=pdf_path))
            return True
        printer = receipt_printer(QSettings().value("printer", "", str) or None)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return False
        doc.print_(printer)
        return True

    def print_slip(self, pdf_path: Path | None = None) -> bool:
        """The slip of the copy last captured or shelved here, on the 80 mm roll."""
        x = self.printable
        if x is None:
            self.message.show_kind("error", self.tr("还没有扫描预约书，没有预约书条可打印。"))
            return False
        identity = self.ctx.desk.policy.package.identity
        doc = ReceiptDocument(hold_slip_html(identity, x, self.ctx.desk.clock.now()))
        if not self._print(doc, pdf_path):
            return False
        self.message.show_kind("ok", self.tr("预约书条已打印：{barcode}").format(barcode=x.barcode))
        self.focus_search()
        return True

    def print_call_list(self, pdf_path: Path | None = None) -> bool:
        """The readers to call, on the 80 mm roll, one page as long as the list."""
        identity, desk = self.ctx.desk.policy.package.identity, self.ctx.desk
        html_text = call_list_html(identity, desk.point.name, self.shelf_rows, desk.clock.now())
        if not self._print(ReceiptDocument(html_text), pdf_path):
            return False
        self.message.show_kind(
            "ok", self.tr("待通知名单已打印：{n} 人").format(n=len(self.shelf_rows))
        )
        return True

    def export_lists(self, path: Path | None = None) -> Any:
        """The pull list and the readers to call to .xlsx or .csv (``services.holds``)."""
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("导出取书单和待通知名单"),
                str(Path.home() / "holds.xlsx"),
                "Excel (*.xlsx);;CSV (*.csv)",
            )
            if not name:
                return None
            path = Path(name)
        op = self.ctx.read("holds_export", holds.export_lists, path)
        op.finished.connect(
            lambda p: self.message.show_kind("ok", self.tr("已导出：{path}").format(path=p))
        )
        op.failed.connect(self._error)
        return op

    # --- every hold -------------------------------------------------------------------------
    def place(self, card: str = "", title: str = "", district_title: str | None = None) -> None:
        dlg = PlaceHoldDialog(self.ctx, self, card=card, title=title,
                              district_title=district_title)  # fmt: skip
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.result_view is not None:
            v = dlg.result_view
            self.message.show_kind(
                "ok",
                self.tr("已预约《{title}》，取书点 {code}。{state}").format(
                    title=v.title, code=v.pickup_point, state=state_text(v)
                ),
            )
            self.activated()

    def cancel_selected(self) -> None:
        row = self.all_table.currentRow()
        if not 0 <= row < len(self.all_rows):
            return
        op = self.ctx.write("hold_cancel", holds.cancel, self.all_rows[row].uid)
        op.finished.connect(lambda _v: self.activated())
        op.failed.connect(self._error)
