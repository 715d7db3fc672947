"""配送 Shipments: pack a box for a point and send it; receive a box by scanning its copies.

Scanner-first like the circulation page: every barcode is one Enter, run on the serial lane (scan
order is kept, the window never waits on SQLite), and the answer lands in place. Receiving shows
live counts (listed, received, not scanned yet, extra, damaged); an extra copy, or copies still
missing when the receipt is finished, beep and turn red, as a refusal does at the desk. Finishing
with copies not scanned asks first, naming them (a box half-unpacked is not a box with copies
missing); the safe answer, Esc, is the default and keeps the receipt open. The rules
and the events are ``services.shipments``; this page only calls them.

A box is named by its box number (:func:`box_number`: the sending point's code and eight digits
drawn from the box's id, the same at both ends), never by a fragment of its UUID. A box being
packed or sent prints its packing list (Ctrl+P): an 80 mm slip to put in the box.
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

from ..common.times import BEIJING
from ..services import points, shipments
from ..services.shipments import ScanResult, ShipmentLineView, ShipmentView
from ..standards.schema import Identity
from .context import UiContext
from .receipt import ReceiptDocument, receipt_printer
from .widgets import Banner, ReasonDialog, Table, beijing_time

LINE_STATES = {
    "packed": QT_TRANSLATE_NOOP("ShipmentsPage", "待扫描"),
    "received": QT_TRANSLATE_NOOP("ShipmentsPage", "已收到"),
    "missing": QT_TRANSLATE_NOOP("ShipmentsPage", "缺失"),
    "extra": QT_TRANSLATE_NOOP("ShipmentsPage", "多出（不在清单）"),
}
BOX_STATES = {
    "open": QT_TRANSLATE_NOOP("ShipmentsPage", "装箱中"),
    "dispatched": QT_TRANSLATE_NOOP("ShipmentsPage", "已发出"),
    "received": QT_TRANSLATE_NOOP("ShipmentsPage", "已接收"),
    "cancelled": QT_TRANSLATE_NOOP("ShipmentsPage", "已取消"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ShipmentsPage", text)


def box_number(box: ShipmentView) -> str:
    """The number staff read, write on the box and say on the phone: the sender's code and
    eight digits of the box's id (``XCXJK-4821-9301``). Both desks derive the same number from
    the same id, so it needs no column of its own; it is unique per sender for any real count
    of boxes (a clash needs thousands of boxes from one point)."""
    digits = int(box.uid.replace("-", "")[:12], 16) % 10**8
    return f"{box.from_point}-{digits // 10**4:04d}-{digits % 10**4:04d}"


SLIP_WORDS = {
    "title": QT_TRANSLATE_NOOP("ShipmentsPage", "配送装箱单"),
    "number": QT_TRANSLATE_NOOP("ShipmentsPage", "箱号"),
    "from": QT_TRANSLATE_NOOP("ShipmentsPage", "来自"),
    "to": QT_TRANSLATE_NOOP("ShipmentsPage", "送往"),
    "state": QT_TRANSLATE_NOOP("ShipmentsPage", "状态"),
    "list": QT_TRANSLATE_NOOP("ShipmentsPage", "清单（{n} 册）"),
    "note": QT_TRANSLATE_NOOP("ShipmentsPage", "备注"),
    "packer": QT_TRANSLATE_NOOP("ShipmentsPage", "装箱人"),
    "signature": QT_TRANSLATE_NOOP("ShipmentsPage", "收货人签字"),
}


def packing_slip_html(identity: Identity, box: ShipmentView, now: datetime) -> str:
    """The packing list put in the box: its number, from and to, each copy, and signatures."""
    e = html.escape
    w = {k: e(_tr(v)) for k, v in SLIP_WORDS.items()}

    def keep(text: str) -> str:
        return f"<span style='white-space:nowrap'>{e(text)}</span>"

    def when(t: datetime) -> str:
        return keep(t.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"))

    head = identity.receipt_header.splitlines()[0] if identity.receipt_header else ""
    state = e(_tr(BOX_STATES.get(box.status, box.status)))
    parts = [
        f"<div style='text-align:center'><b>{e(head)}</b><br><b>{w['title']}</b></div><hr>",
        f"<div>{w['number']} <b>{keep(box_number(box))}</b></div>",
        f"<div>{w['from']} {e(box.from_name)}（{keep(box.from_point)}）</div>",
        f"<div>{w['to']} <b>{e(box.to_name)}</b>（{keep(box.to_point)}）</div>",
        f"<div>{w['state']} {state} · {when(box.dispatched_at or box.created_at)}</div>",
        f"<p style='margin-top:6px'><b>{w['list'].format(n=len(box.lines))}</b></p>",
    ]
    for n, ln in enumerate(box.lines, 1):
        parts.append(
            f"<p style='margin-top:3px'>{n}. {e(ln.title)}<br>"
            f"{keep(ln.barcode)}&nbsp;&nbsp;{keep(ln.call_number)}</p>"
        )
    if box.note:
        parts.append(f"<div>{w['note']}: {e(box.note)}</div>")
    parts.append(
        f"<hr><div>{w['packer']} {e(box.staff_code)}</div>"
        f"<div>{w['signature']} ________</div>"
        f"<div style='text-align:right'>{when(now)}</div>"
    )
    return "<html><body style='font-size:9pt'>" + "".join(parts) + "</body></html>"


def packing_slip(identity: Identity, box: ShipmentView, now: datetime) -> ReceiptDocument:
    """The packing list laid out on the desk's 80 mm roll, one page as long as the list."""
    return ReceiptDocument(packing_slip_html(identity, box, now))


def _scan_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName("ScanField")
    field.setMaxLength(64)
    field.setPlaceholderText(placeholder)
    return field


class ShipmentsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.tabs.setObjectName("ShipmentTabs")
        self.receive = ReceivePanel(ctx)
        self.send = SendPanel(ctx)
        self.records = Table(
            [
                self.tr("配送单"),
                self.tr("方向"),
                self.tr("来自"),
                self.tr("送往"),
                self.tr("状态"),
                self.tr("册数"),
                self.tr("已收"),
                self.tr("缺失"),
                self.tr("多出"),
                self.tr("破损"),
                self.tr("发出时间"),
            ],
            stretch=3,
        )
        self.records.setObjectName("ShipmentRecords")
        self.tabs.addTab(self.receive, self.tr("接收"))
        self.tabs.addTab(self.send, self.tr("装箱发出"))
        self.tabs.addTab(self.records, self.tr("配送记录"))
        self.tabs.currentChanged.connect(lambda _i: self.activated())
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)

    def activated(self) -> None:
        page = self.tabs.currentWidget()
        if page is self.receive:
            self.receive.reload()
        elif page is self.send:
            self.send.reload()
        else:
            op = self.ctx.search("shipments", shipments.list_shipments)
            op.finished.connect(self._show_records)

    def prints(self) -> bool:
        """Whether Ctrl+P is this page's (the send tab prints the open box's packing list)."""
        return self.tabs.currentWidget() is self.send

    def print_current(self) -> None:
        self.send.print_slip()

    def focus_search(self) -> None:
        page = self.tabs.currentWidget()
        if hasattr(page, "scan"):
            page.scan.setFocus()

    def _show_records(self, rows: list[ShipmentView]) -> None:
        self.records.set_rows(
            [
                [
                    box_number(r),
                    self.tr("发出") if r.direction == "out" else self.tr("收到"),
                    f"{r.from_name}（{r.from_point}）",
                    f"{r.to_name}（{r.to_point}）",
                    _tr(BOX_STATES.get(r.status, r.status)),
                    r.items,
                    r.received,
                    r.missing,
                    r.extra,
                    r.damaged,
                    beijing_time(r.dispatched_at),
                ]
                for r in rows
            ]
        )


class ReceivePanel(QWidget):
    """Boxes on their way here; pick one (Enter), then scan each copy out of it."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.box: ShipmentView | None = None
        self.incoming: list[ShipmentView] = []
        self.lines: dict[str, list[Any]] = {}  # barcode -> [title, call number, outcome, damaged]
        self.last_barcode: str | None = None

        self.incoming_table = Table(
            [self.tr("配送单"), self.tr("来自"), self.tr("册数"), self.tr("发出时间")], stretch=1
        )
        self.incoming_table.setObjectName("IncomingTable")
        # Enter or a double click on a box opens it for scanning
        self.incoming_table.activated.connect(lambda _i: self.open_selected())
        self.open_button = QPushButton(self.tr("开始接收所选"))
        self.open_button.clicked.connect(self.open_selected)
        left = QGroupBox(self.tr("在途、待本馆接收"))
        left.setMinimumWidth(330)
        ll = QVBoxLayout(left)
        ll.addWidget(self.incoming_table, 1)
        ll.addWidget(self.open_button)

        self.title = QLabel(self.tr("请在左侧选择一个配送单（双击或回车）。"))
        self.title.setObjectName("ModeLabel")
        self.title.setWordWrap(True)
        self.scan = _scan_field(self.tr("扫描箱内图书条码，回车"))
        self.scan.returnPressed.connect(self.on_scan)
        self.scan.setEnabled(False)
        self.counts = QLabel()
        self.counts.setObjectName("ShipmentCounts")
        self.counts.setStyleSheet("font-size: 13pt;")
        self.message = Banner()
        self.table = Table(
            [self.tr("条码"), self.tr("题名"), self.tr("索书号"), self.tr("状态"), self.tr("说明")],
            stretch=1,
        )
        self.table.setObjectName("ReceiveLines")
        self.damaged_button = QPushButton(self.tr("标记破损… (F9)"))
        self.damaged_button.clicked.connect(self.mark_damaged)
        self.finish_button = QPushButton(self.tr("完成接收 (Ctrl+Enter)"))
        self.finish_button.clicked.connect(self.finish)
        for b in (self.damaged_button, self.finish_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.damaged_button)
        buttons.addWidget(self.finish_button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.scan)
        right.addWidget(self.counts)
        right.addWidget(self.message)
        right.addWidget(self.table, 1)
        right.addLayout(buttons)
        lay = QHBoxLayout(self)
        lay.addWidget(left)
        lay.addLayout(right, 1)
        QShortcut(QKeySequence(Qt.Key.Key_F9), self, self.mark_damaged)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, self.finish)

    # --- choosing the box -------------------------------------------------------------------
    def reload(self) -> None:
        op = self.ctx.read("incoming", shipments.incoming)
        op.finished.connect(self._show_incoming)

    def _show_incoming(self, rows: list[ShipmentView]) -> None:
        self.incoming = list(rows)
        self.incoming_table.set_rows(
            [
                [
                    box_number(r),
                    f"{r.from_name}（{r.from_point}）",
                    r.items,
                    beijing_time(r.dispatched_at),
                ]
                for r in rows
            ]
        )
        if rows and self.box is None:
            self.incoming_table.selectRow(0)
            self.incoming_table.setFocus()
        elif self.box is not None:
            self.scan.setFocus()

    def open_selected(self) -> None:
        row = self.incoming_table.currentRow()
        if 0 <= row < len(self.incoming):
            self.open_box(self.incoming[row].uid)

    def open_box(self, uid: str) -> None:
        op = self.ctx.read("shipment", shipments.get_shipment, uid)
        op.finished.connect(self._show_box)
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _show_box(self, box: ShipmentView) -> None:
        self.box = box
        self.lines = {
            ln.barcode: [ln.title, ln.call_number, ln.outcome, ln.damaged, ln.note or ""]
            for ln in box.lines
        }
        self.title.setText(
            self.tr("接收配送单 {ref}：来自 {name}（{code}）").format(
                ref=box_number(box), name=box.from_name, code=box.from_point
            )
        )
        self.message.clear_message()
        receiving = box.status == "dispatched"
        self.scan.setEnabled(receiving)
        self.damaged_button.setEnabled(receiving)
        self.finish_button.setEnabled(receiving)
        self._render()
        self.scan.setFocus()

    # --- scanning ---------------------------------------------------------------------------
    def on_scan(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if not code or self.box is None:
            return
        op = self.ctx.write("shipment_scan", shipments.scan, self.box.uid, code)
        op.finished.connect(self._scanned)
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _scanned(self, r: ScanResult) -> None:
        self.last_barcode = r.barcode
        line = self.lines.setdefault(r.barcode, [r.title, "", r.outcome, False, ""])
        line[2] = r.outcome
        self.ctx.data_changed.emit("holdings")
        if r.repeated:
            self.message.show_kind(
                "route", self.tr("{barcode} 已扫描过，无需重复。").format(barcode=r.barcode)
            )
        elif r.outcome == "extra":
            self.message.show_kind(
                "error",
                self.tr(
                    "多出：{barcode}《{title}》不在本箱清单中，已登记为多出，请单独放置。"
                ).format(barcode=r.barcode, title=r.title or "?"),
            )
        elif r.hold_ended:  # holds: it does not stay here (docs/holds.md)
            self.message.show_kind(
                "route",
                self.tr(
                    "已收到 {barcode}《{title}》：它的预约已在途中结束，请单独放置；"
                    "收货完成后转给下一预约或送回原馆。"
                ).format(barcode=r.barcode, title=r.title),
            )
        else:
            self.message.show_kind(
                "ok",
                self.tr("已收到 {barcode}《{title}》，还剩 {left} 册未扫。").format(
                    barcode=r.barcode, title=r.title, left=r.left
                ),
            )
        self._render()

    def mark_damaged(self) -> None:
        if self.box is None or self.box.status != "dispatched":
            return
        row = self.table.currentRow()
        barcode = self.table.cell_text(row, 0) if row >= 0 else (self.last_barcode or "")
        if not barcode:
            self.message.show_kind("error", self.tr("请先扫描或选择破损的图书。"))
            return
        dlg = ReasonDialog(
            self.tr("标记破损"),
            self.tr("{barcode} 到馆时破损：登记后该册状态为破损，并报告给发出馆。").format(
                barcode=barcode
            ),
            self.tr("破损说明"),
            self,
        )
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        self.record_damage(barcode, dlg.value())

    def record_damage(self, barcode: str, note: str) -> None:
        assert self.box is not None
        op = self.ctx.write("shipment_damaged", shipments.mark_damaged, self.box.uid, barcode, note)
        op.finished.connect(self._damaged)
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _damaged(self, ln: ShipmentLineView) -> None:
        self.lines[ln.barcode] = [ln.title, ln.call_number, ln.outcome, True, ln.note or ""]
        self.message.show_kind(
            "error",
            self.tr("已登记破损：{barcode}（{note}）").format(barcode=ln.barcode, note=ln.note),
        )
        self._render()
        self.scan.setFocus()

    def finish(self) -> None:
        if self.box is None or self.box.status != "dispatched":
            return
        if not self.confirm_missing():
            self.scan.setFocus()
            return
        op = self.ctx.write("shipment_finish", shipments.finish_receipt, self.box.uid)
        op.finished.connect(self._finished)
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _finished(self, box: ShipmentView) -> None:
        self._show_box(box)
        self.ctx.data_changed.emit("holdings")
        text = self.tr(
            "接收完成：收到 {received} 册，缺失 {missing} 册，多出 {extra} 册，破损 {damaged} 册。"
        ).format(received=box.received, missing=box.missing, extra=box.extra, damaged=box.damaged)
        if box.missing or box.extra or box.damaged:
            text += self.tr("问题已报告区馆，同步后由发出馆处理。")
            self.message.show_kind("error", text)
        else:
            self.message.show_kind("ok", text)
        self.reload()

    # how many unscanned copies the question names before "and n more"
    NAMED = 5

    def unscanned(self) -> list[str]:
        return [b for b, ln in self.lines.items() if ln[2] == "packed"]

    def confirm_missing(self) -> bool:
        """True when nothing is unscanned, or staff say the unscanned copies are missing."""
        left = self.unscanned()
        if not left:
            return True
        named = "\n".join(f"{b}《{self.lines[b][0] or '?'}》" for b in left[: self.NAMED])
        if len(left) > self.NAMED:
            named += "\n" + self.tr("……另有 {n} 册").format(n=len(left) - self.NAMED)
        ask = QMessageBox(self)
        ask.setIcon(QMessageBox.Icon.Warning)
        ask.setWindowTitle(self.tr("完成接收"))
        ask.setText(
            self.tr("还有 {n} 册未扫描。完成接收会把它们登记为缺失，并报告给发出馆。").format(
                n=len(left)
            )
        )
        ask.setInformativeText(named)
        yes = ask.addButton(self.tr("登记缺失并完成 (&Y)"), QMessageBox.ButtonRole.AcceptRole)
        no = ask.addButton(self.tr("继续扫描 (&N)"), QMessageBox.ButtonRole.RejectRole)
        ask.setDefaultButton(no)  # a stray scan's Enter keeps the box open
        ask.setEscapeButton(no)
        ask.exec()
        return ask.clickedButton() is yes

    # --- the box on screen -------------------------------------------------------------------
    def _render(self) -> None:
        listed = [b for b, ln in self.lines.items() if ln[2] != "extra"]
        received = sum(1 for b in listed if self.lines[b][2] == "received")
        left = sum(1 for b in listed if self.lines[b][2] == "packed")
        missing = sum(1 for b in listed if self.lines[b][2] == "missing")
        extra = len(self.lines) - len(listed)
        damaged = sum(1 for ln in self.lines.values() if ln[3])
        parts = [
            self.tr("应到 {n}").format(n=len(listed)),
            self.tr("已收 {n}").format(n=received),
            self.tr("未扫 {n}").format(n=left),
        ]
        if missing:
            parts.append(self.tr("缺失 {n}").format(n=missing))
        parts += [self.tr("多出 {n}").format(n=extra), self.tr("破损 {n}").format(n=damaged)]
        self.counts.setText(" · ".join(parts))
        # problems first, then what is still to scan, then what arrived
        order = {"extra": 0, "missing": 1, "packed": 2, "received": 3}
        rows = sorted(self.lines.items(), key=lambda kv: (not kv[1][3], order[kv[1][2]]))
        self.table.setRowCount(0)
        for barcode, (title, call, outcome, damaged_, note) in rows:
            state = _tr(LINE_STATES.get(outcome, outcome))
            if damaged_:
                state += self.tr("，破损")
            self.table.add_row(
                [barcode, title, call, state, note],
                warn=outcome in ("extra", "missing") or bool(damaged_),
            )

    def state_of(self, barcode: str) -> str:
        """The status cell of a copy (tests and tools)."""
        for r in range(self.table.rowCount()):
            if self.table.cell_text(r, 0) == barcode:
                return self.table.cell_text(r, 3)
        return ""


class SendPanel(QWidget):
    """Open a box for a destination, scan copies into it (or load a list), dispatch it."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.box: ShipmentView | None = None
        self.open_boxes: list[ShipmentView] = []
        self.destination = QComboBox()
        self.destination.setObjectName("Destination")
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("备注（可选）"))
        self.new_button = QPushButton(self.tr("新建配送单"))
        self.new_button.clicked.connect(self.new_box)
        self.boxes = QComboBox()
        self.boxes.setObjectName("OpenBoxes")
        self.boxes.activated.connect(lambda _i: self._pick_box())
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("送往")))
        head.addWidget(self.destination, 1)
        head.addWidget(self.note, 1)
        head.addWidget(self.new_button)
        head.addWidget(QLabel(self.tr("装箱中的配送单")))
        head.addWidget(self.boxes, 1)
        self.title = QLabel(self.tr("新建配送单，或选择一个装箱中的配送单。"))
        self.title.setObjectName("ModeLabel")
        self.scan = _scan_field(self.tr("扫描要装箱的图书条码，回车"))
        self.scan.returnPressed.connect(self.on_scan)
        self.scan.setEnabled(False)
        self.message = Banner()
        self.table = Table(
            [self.tr("条码"), self.tr("题名"), self.tr("索书号"), self.tr("调拨")], stretch=1
        )
        self.table.setObjectName("PackedLines")
        self.list_button = QPushButton(self.tr("从清单文件装箱…"))
        self.list_button.clicked.connect(lambda: self.load_list())
        self.waiting_button = QPushButton(self.tr("装入待运往该馆的图书"))
        self.waiting_button.clicked.connect(self.add_waiting)
        self.remove_button = QPushButton(self.tr("移出所选"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.cancel_button = QPushButton(self.tr("取消配送单"))
        self.cancel_button.clicked.connect(self.cancel_box)
        self.dispatch_button = QPushButton(self.tr("发出 (Ctrl+Enter)"))
        self.dispatch_button.clicked.connect(self.dispatch)
        self.slip_button = QPushButton(self.tr("打印装箱单 (Ctrl+P)"))
        self.slip_button.setObjectName("PackingSlip")
        self.slip_button.clicked.connect(lambda: self.print_slip())
        self.slip_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slip_button.setEnabled(False)
        buttons = QHBoxLayout()
        for b in (
            self.list_button,
            self.waiting_button,
            self.remove_button,
            self.cancel_button,
            self.dispatch_button,
        ):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setEnabled(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.slip_button)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.title)
        lay.addWidget(self.scan)
        lay.addWidget(self.message)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, self.dispatch)

    def reload(self) -> None:
        op = self.ctx.search("points", points.known_points, others_only=True)
        op.finished.connect(self._show_points)
        boxes = self.ctx.read("open_boxes", shipments.list_shipments, "out", "open")
        boxes.finished.connect(self._show_boxes)

    def _show_points(self, rows: list[points.PointView]) -> None:
        current = self.destination.currentData()
        self.destination.clear()
        for p in rows:
            self.destination.addItem(f"{p.name}（{p.code}）", p.code)
        if current is not None:
            self.destination.setCurrentIndex(max(self.destination.findData(current), 0))

    def _show_boxes(self, rows: list[ShipmentView]) -> None:
        self.open_boxes = list(rows)
        self.boxes.clear()
        for r in rows:
            self.boxes.addItem(f"{box_number(r)} → {r.to_name}（{r.items}）", r.uid)
        if self.box is not None:
            self.boxes.setCurrentIndex(max(self.boxes.findData(self.box.uid), 0))

    def _pick_box(self) -> None:
        uid = self.boxes.currentData()
        if uid:
            self._open(str(uid))

    def _open(self, uid: str) -> None:
        op = self.ctx.read("shipment", shipments.get_shipment, uid)
        op.finished.connect(self._show_box)
        op.failed.connect(self._refused)

    def _refused(self, exc: object) -> None:
        self.message.show_kind("error", self.ctx.message(exc))
        self.scan.setFocus()

    def new_box(self) -> None:
        code = self.destination.currentData()
        if not code:
            self.message.show_kind("error", self.tr("请先选择送往的服务点。"))
            return
        op = self.ctx.write("new_shipment", shipments.new_shipment, str(code), self.note.text())
        op.finished.connect(lambda box: (self._show_box(box), self.reload()))
        op.failed.connect(self._refused)

    def _show_box(self, box: ShipmentView) -> None:
        self.box = box
        self.title.setText(
            self.tr("配送单 {ref} → {name}（{code}），{state}，{n} 册").format(
                ref=box_number(box),
                name=box.to_name,
                code=box.to_point,
                state=_tr(BOX_STATES.get(box.status, box.status)),
                n=box.items,
            )
        )
        self.table.set_rows(
            [
                [ln.barcode, ln.title, ln.call_number, "✓" if ln.transfer_uid else ""]
                for ln in box.lines
            ]
        )
        packing = box.status == "open"
        self.slip_button.setEnabled(bool(box.lines) and box.status in ("open", "dispatched"))
        self.scan.setEnabled(packing)
        for b in (
            self.list_button,
            self.waiting_button,
            self.remove_button,
            self.cancel_button,
            self.dispatch_button,
        ):
            b.setEnabled(packing)
        if packing:
            self.scan.setFocus()

    def _refresh_box(self) -> None:
        if self.box is not None:
            self._open(self.box.uid)
            # the open boxes' list shows each box's count: keep it current too
            boxes = self.ctx.read("open_boxes", shipments.list_shipments, "out", "open")
            boxes.finished.connect(self._show_boxes)

    def on_scan(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if not code or self.box is None:
            return
        op = self.ctx.write("shipment_pack", shipments.add_item, self.box.uid, code)
        op.finished.connect(self._packed)
        op.failed.connect(self._refused)

    def _packed(self, ln: ShipmentLineView) -> None:
        self.message.show_kind(
            "ok", self.tr("已装箱 {barcode}《{title}》").format(barcode=ln.barcode, title=ln.title)
        )
        self._refresh_box()

    def load_list(self, path: Path | None = None) -> None:
        """A text or CSV file of barcodes (the first column); refused lines are listed."""
        if self.box is None:
            return
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("选择条码清单"),
                str(Path.home()),
                self.tr("条码清单 (*.txt *.csv);;所有文件 (*)"),
            )
            if not name:
                return
            path = Path(name)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self.message.show_kind(
                "error", self.tr("无法读取清单文件：{error}").format(error=type(exc).__name__)
            )
            return
        codes = [line.split(",")[0].strip() for line in text.splitlines() if line.strip()]
        op = self.ctx.write("shipment_list", shipments.add_list, self.box.uid, codes)
        op.finished.connect(self._listed)
        op.failed.connect(self._refused)

    def _listed(self, result: shipments.ListResult) -> None:
        if result.refused:
            lines = "\n".join(f"{b}: {msg}" for b, _code, msg in result.refused[:10])
            self.message.show_kind(
                "error",
                self.tr("已装箱 {n} 册；{m} 行未装箱：").format(
                    n=len(result.added), m=len(result.refused)
                )
                + "\n"
                + lines,
            )
        else:
            self.message.show_kind("ok", self.tr("已装箱 {n} 册。").format(n=len(result.added)))
        self._refresh_box()

    def add_waiting(self) -> None:
        if self.box is None:
            return
        op = self.ctx.write("shipment_waiting", shipments.add_waiting, self.box.uid)
        op.finished.connect(
            lambda added: (
                self.message.show_kind(
                    "ok", self.tr("已装入 {n} 册待运图书。").format(n=len(added))
                ),
                self._refresh_box(),
            )
        )
        op.failed.connect(self._refused)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if self.box is None or row < 0:
            return
        barcode = self.table.cell_text(row, 0)
        op = self.ctx.write("shipment_remove", shipments.remove_item, self.box.uid, barcode)
        op.finished.connect(lambda _r: self._refresh_box())
        op.failed.connect(self._refused)

    def cancel_box(self) -> None:
        if self.box is None:
            return
        op = self.ctx.write("shipment_cancel", shipments.cancel, self.box.uid)
        op.finished.connect(lambda box: (self._show_box(box), self.reload()))
        op.failed.connect(self._refused)

    def dispatch(self) -> None:
        if self.box is None or self.box.status != "open":
            return
        op = self.ctx.write("shipment_dispatch", shipments.dispatch, self.box.uid)
        op.finished.connect(self._dispatched)
        op.failed.connect(self._refused)

    def slip(self) -> ReceiptDocument | None:
        """The open box's packing list, or None with no box or an empty one."""
        if self.box is None or not self.box.lines:
            return None
        now = self.ctx.desk.clock.now()
        return packing_slip(self.ctx.desk.policy.package.identity, self.box, now)

    def print_slip(self, pdf_path: Path | None = None) -> bool:
        """Ctrl+P: the packing list to the receipt printer (or a PDF file, for tests and
        desks without a printer); whether it was printed."""
        doc = self.slip()
        if doc is None:
            self.message.show_kind("error", self.tr("配送单里还没有图书，没有装箱单可打印。"))
            return False
        if pdf_path is not None:
            doc.print_(receipt_printer(pdf_path=pdf_path))
        else:
            printer = receipt_printer(QSettings().value("printer", "", str) or None)
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                self.scan.setFocus()
                return False
            doc.print_(printer)
        assert self.box is not None
        self.message.show_kind(
            "ok", self.tr("装箱单已打印：箱号 {ref}").format(ref=box_number(self.box))
        )
        self.scan.setFocus()
        return True

    def _dispatched(self, box: ShipmentView) -> None:
        self._show_box(box)
        self.ctx.data_changed.emit("holdings")
        self.message.show_kind(
            "ok",
            self.tr("已发出配送单 {ref}：{n} 册在途，送往 {name}。").format(
                ref=box_number(box), n=box.items, name=box.to_name
            ),
        )
        self.reload()
