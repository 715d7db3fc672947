"""借还 Circulation: the scanner page.

A scanner types the barcode and Enter. The page decides card vs item by the district's barcode
formats (统一标识), runs the operation on the serial lane (scan order is kept, the window never
waits on SQLite), and shows the outcome in place. Rules:

- a new card clears the reader panel *before* anything else, so nothing is lent to the previous
  reader; results from a previous reader's session never land in the new panel (generation check);
- an item scanned twice in one session is caught here, with words for what happened, instead of a
  misleading "on loan, check it in first";
- a refused check-out says what to do; if the signed-in role may override, F8 asks for a reason;
- a scan the machine could not record (a full disk, an I/O error) is not lost: it is kept, in
  scan order, under a banner that says so, and done by "retry" (F6) once there is room again;
- the card scan shows the reader's account: overdue count, fees owed (when the package charges
  fees), notices, and holds waiting (``Account.holds_waiting``); F9 collects or waives fees,
  F11 shows the loan history within the retention limit;
- Tab leaves the scan field for the loans table; Enter (or F4) there renews the selected loan;
  scanning a copy the reader already has selects it and offers renewal;
- slips: the 80 mm receipt (Ctrl+P), its reprint (Ctrl+Shift+R), and the transit slip of the
  last return that travels to another point (Ctrl+T); Ctrl+O opens the overdue call list;
  F12 closes the selected loan as lost (paid or replaced) or claimed returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..common.times import BEIJING
from ..errors import RETRYABLE, BlockedError, DeskError
from ..services import account, circulation, copystates, returns
from ..services.account import Account
from ..services.circulation import CheckinResult, LoanView, Override
from ..services.copystates import ClosedLoan
from ..services.readers import ReaderView
from ..services.returns import UnknownReturn
from .context import UiContext
from .fees import FeesDialog, HistoryDialog, yuan
from .holds import announce_ready, ready_at_text, slip_banner
from .overdue import OverdueDialog
from .readers import ReaderSearchDialog
from .receipt import (
    ReceiptData,
    ReceiptDocument,
    TransitSlip,
    document,
    receipt_printer,
    transit_html,
)
from .widgets import Banner, ReasonDialog, Table, beijing_time

CHECKOUT, RETURN = "checkout", "return"


def machine_failure(exc: object) -> bool:
    """The machine refused (full disk...), not the rules: worth the same scan again later."""
    return isinstance(exc, DeskError) and exc.code in RETRYABLE


@dataclass(frozen=True)
class HeldScan:
    """A scan the desk could not record because of the machine, kept for retry."""

    kind: str  # checkout | checkin
    barcode: str
    card: str | None = None
    override: Override | None = None


@dataclass
class PendingOverride:
    """A refused action waiting for staff to decide: retry with an override, or drop it."""

    kind: str  # checkout | renew
    barcode: str
    error: BlockedError
    codes: frozenset[str] = field(default_factory=frozenset)


class CirculationPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.mode = CHECKOUT
        self.card: str | None = None
        self.reader: ReaderView | None = None
        self.generation = 0
        self.session_barcodes: set[str] = set()  # checked out (or in flight) this session
        self.returned_barcodes: list[str] = []  # returned in this return session
        self.pending: PendingOverride | None = None
        self.held: list[HeldScan] = []  # scans waiting for the disk, in scan order
        self.receipt = self._new_receipt()
        self.account: Account | None = None
        self.last_printed: tuple[ReceiptData, datetime] | None = None
        self.last_slip: TransitSlip | None = None

        # --- scan row ---
        self.mode_checkout = QRadioButton(self.tr("借出 (F2)"))
        self.mode_return = QRadioButton(self.tr("还书 (F3)"))
        self.mode_checkout.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.mode_checkout)
        group.addButton(self.mode_return)
        self.mode_checkout.toggled.connect(
            lambda on: self.set_checkout_mode() if on else self.set_return_mode()
        )
        for b in (self.mode_checkout, self.mode_return):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mode_label = QLabel()
        self.mode_label.setObjectName("ModeLabel")
        self.scan = QLineEdit()
        self.scan.setObjectName("ScanField")
        self.scan.setMaxLength(64)
        self.scan.returnPressed.connect(self.on_scan)
        self.find_button = QPushButton(self.tr("查找读者 (Ctrl+F)"))
        self.find_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.find_button.clicked.connect(self.focus_search)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.mode_label)
        scan_row.addWidget(self.scan, 1)
        scan_row.addWidget(self.find_button)
        modes = QHBoxLayout()
        modes.addWidget(self.mode_checkout)
        modes.addWidget(self.mode_return)
        modes.addStretch(1)

        self.message = Banner()
        self.message.setObjectName("Message")
        self.override_button = QPushButton(self.tr("越权办理… (F8)"))
        self.override_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.override_button.clicked.connect(self.override)
        self.override_button.hide()
        msg_row = QHBoxLayout()
        msg_row.addWidget(self.message, 1)
        msg_row.addWidget(self.override_button)
        # a full disk: its own banner, which stays until the kept scans are done
        self.disk_banner = Banner()
        self.disk_reason = ""
        self.retry_button = QPushButton(self.tr("重试 (F6)"))
        self.retry_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.retry_button.clicked.connect(self.retry_held)
        self.retry_button.hide()
        disk_row = QHBoxLayout()
        disk_row.addWidget(self.disk_banner, 1)
        disk_row.addWidget(self.retry_button)

        # --- reader panel ---
        self.reader_box = QGroupBox(self.tr("读者"))
        self.reader_box.setMinimumWidth(260)
        # a long note wraps inside the panel instead of widening it over the loans table
        self.reader_box.setMaximumWidth(340)
        self.r_name = QLabel()
        self.r_name.setObjectName("ReaderName")
        self.r_name.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.r_card = QLabel()
        self.r_type = QLabel()
        self.r_status = QLabel()
        self.r_expires = QLabel()
        self.r_loans = QLabel()
        self.r_overdue = QLabel()
        self.r_overdue.setObjectName("OverdueCount")
        self.r_fees = QLabel()
        self.r_fees.setObjectName("FeesOwed")
        self.r_fees_label = QLabel(self.tr("欠费"))
        self.r_notes = QLabel()
        self.r_notes.setObjectName("AccountNotes")
        self.r_notes.setWordWrap(True)
        self.r_notes.setTextFormat(Qt.TextFormat.PlainText)  # staff-typed notes, never markup
        # holds waiting for the reader: shown when ``Account.holds_waiting`` has any
        self.r_holds = QLabel()
        self.r_holds.setObjectName("HoldsWaiting")
        self.r_holds.setWordWrap(True)  # point names are long, and the panel is narrow
        self.r_holds.hide()
        self.r_block = QLabel()
        self.r_block.setObjectName("BlockBadge")
        self.r_block.setWordWrap(True)
        self.r_block.hide()
        self.r_hint = QLabel(self.tr("请扫描读者证，或按 Ctrl+F 查找读者。"))
        self.r_hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.r_name)
        form.addRow(self.tr("证号"), self.r_card)
        form.addRow(self.tr("类型"), self.r_type)
        form.addRow(self.tr("状态"), self.r_status)
        form.addRow(self.tr("有效期至"), self.r_expires)
        form.addRow(self.tr("在借"), self.r_loans)
        form.addRow(self.tr("逾期"), self.r_overdue)
        form.addRow(self.r_fees_label, self.r_fees)
        rl = QVBoxLayout(self.reader_box)
        rl.addWidget(self.r_hint)
        rl.addLayout(form)
        rl.addWidget(self.r_block)
        rl.addWidget(self.r_notes)
        rl.addWidget(self.r_holds)
        rl.addStretch(1)

        # --- loans (checkout mode) and returns (return mode) ---
        self.loans_box = QGroupBox(self.tr("在借图书"))
        self.loans_table = Table(
            [
                self.tr("条码"),
                self.tr("题名"),
                self.tr("索书号"),
                self.tr("借出时间"),
                self.tr("应还日期"),
                self.tr("续借"),
                self.tr("备注"),
            ],
            stretch=1,
        )
        self.loans_table.setObjectName("LoansTable")
        # Tab from the scan field lands here; Enter (or F4) renews the selected loan
        self.loans_table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.loans_table.installEventFilter(self)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            renew_key = QShortcut(QKeySequence(key), self.loans_table)
            renew_key.setContext(Qt.ShortcutContext.WidgetShortcut)
            renew_key.activated.connect(self.renew_selected)
        ll = QVBoxLayout(self.loans_box)
        ll.addWidget(self.loans_table)
        self.returns_box = QGroupBox(self.tr("本次归还"))
        self.returns_table = Table(
            [
                self.tr("条码"),
                self.tr("题名"),
                self.tr("读者证"),
                self.tr("逾期天数"),
                self.tr("滞纳金（元）"),
                self.tr("去向"),
            ],
            stretch=1,
        )
        self.returns_table.setObjectName("ReturnsTable")
        rtl = QVBoxLayout(self.returns_box)
        rtl.addWidget(self.returns_table)
        self.returns_box.hide()

        # --- actions ---
        self.renew_button = QPushButton(self.tr("续借所选 (F4)"))
        self.renew_button.clicked.connect(self.renew_selected)
        self.print_button = QPushButton(self.tr("打印凭条 (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_receipt)
        self.pdf_button = QPushButton(self.tr("凭条存为 PDF (Ctrl+Shift+P)"))
        self.pdf_button.clicked.connect(self.save_receipt_pdf)
        self.clear_button = QPushButton(self.tr("结束本次 (Esc)"))
        self.clear_button.clicked.connect(self.end_session)
        self.fees_button = QPushButton(self.tr("收费 (F9)"))
        self.fees_button.clicked.connect(self.open_fees)
        self.history_button = QPushButton(self.tr("借阅历史 (F11)"))
        self.history_button.clicked.connect(self.open_history)
        self.reprint_button = QPushButton(self.tr("补打上一张 (Ctrl+Shift+R)"))
        self.reprint_button.clicked.connect(self.reprint_last)
        self.slip_button = QPushButton(self.tr("打印转运单 (Ctrl+T)"))
        self.slip_button.clicked.connect(self.print_transit_slip)
        actions = QHBoxLayout()
        for b in (
            self.renew_button,
            self.fees_button,
            self.history_button,
            self.print_button,
            self.pdf_button,
            self.reprint_button,
            self.slip_button,
            self.clear_button,
        ):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            actions.addWidget(b)
        actions.addStretch(1)

        middle = QHBoxLayout()
        middle.addWidget(self.reader_box)
        right = QVBoxLayout()
        right.addWidget(self.loans_box)
        right.addWidget(self.returns_box)
        middle.addLayout(right, 1)

        lay = QVBoxLayout(self)
        lay.addLayout(disk_row)
        lay.addLayout(modes)
        lay.addLayout(scan_row)
        lay.addLayout(msg_row)
        lay.addLayout(middle, 1)
        lay.addLayout(actions)

        QShortcut(QKeySequence(Qt.Key.Key_F8), self, self.override)
        QShortcut(QKeySequence(Qt.Key.Key_F6), self, self.retry_held)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.end_session)
        QShortcut(QKeySequence(Qt.Key.Key_F9), self, self.open_fees)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.open_history)
        QShortcut(QKeySequence("Ctrl+Shift+R"), self, self.reprint_last)
        QShortcut(QKeySequence("Ctrl+T"), self, self.print_transit_slip)
        QShortcut(QKeySequence("Ctrl+O"), self, self.open_overdue)
        QShortcut(QKeySequence(Qt.Key.Key_F12), self, self.close_lost_selected)
        QWidget.setTabOrder(self.scan, self.loans_table)
        self.set_checkout_mode()
        self._show_reader(None)

    # --- helpers --------------------------------------------------------------------------
    def _new_receipt(self) -> ReceiptData:
        a = self.ctx.actor
        return ReceiptData(point_name=self.ctx.desk.point.name, staff=a.name or a.staff_code)

    def activated(self) -> None:
        self.scan.setFocus()

    def refocus(self) -> None:
        """After every operation the scanner's next Enter must land in the scan field."""
        if self.isVisible():
            self.scan.setFocus()

    def _error(self, exc: object) -> None:
        self.message.show_kind("error", self.ctx.message(exc))
        self.refocus()

    def _ok(self, text: str) -> None:
        self.pending = None
        self.override_button.hide()
        self.message.show_kind("ok", text)
        self.refocus()

    # --- modes ------------------------------------------------------------------------------
    def set_checkout_mode(self) -> None:
        self.mode = CHECKOUT
        if not self.mode_checkout.isChecked():
            self.mode_checkout.setChecked(True)
        self.mode_label.setText(self.tr("借出"))
        self.scan.setPlaceholderText(self.tr("扫描读者证，再逐本扫描图书条码"))
        self.loans_box.show()
        self.returns_box.hide()
        self.reader_box.show()
        self.renew_button.setEnabled(True)
        self.refocus()

    def set_return_mode(self) -> None:
        if self.mode != RETURN:
            self.end_session()
        self.mode = RETURN
        if not self.mode_return.isChecked():
            self.mode_return.setChecked(True)
        self.mode_label.setText(self.tr("还书"))
        self.scan.setPlaceholderText(self.tr("逐本扫描归还图书的条码"))
        self.loans_box.hide()
        self.returns_box.show()
        self.reader_box.hide()  # returns need no reader: the route banner gets the room
        self.renew_button.setEnabled(False)
        self.refocus()

    # --- scanning ---------------------------------------------------------------------------
    def classify(self, raw: str) -> tuple[str, str] | DeskError:
        policy = self.ctx.desk.policy
        try:
            return "card", policy.card(raw)
        except DeskError as card_error:
            try:
                return "item", policy.item(raw)
            except DeskError as item_error:
                return item_error if self.card or self.mode == RETURN else card_error

    def on_scan(self) -> None:
        raw = self.scan.text()
        self.scan.clear()
        if not raw.strip():
            return
        kind = self.classify(raw)
        if isinstance(kind, DeskError):
            self._error(kind)
            return
        what, value = kind
        if self.mode == RETURN:
            if what == "card":
                self.message.show_kind(
                    "error", self.tr("现在是还书模式，无需扫描读者证。要借书请按 F2。")
                )
                return
            self.check_in(value)
            return
        if what == "card":
            self.load_reader(value)
        elif self.card is None:
            self.message.show_kind("error", self.tr("请先扫描读者证，再扫描图书。"))
        else:
            self.check_out(value)

    def load_reader(self, card: str) -> None:
        """A new card: clear everything about the previous reader first, then look up."""
        self.end_session(keep_message=False)
        self.card = card
        self.receipt.card_no = card
        self.r_hint.setText(self.tr("正在读取读者 {card}…").format(card=card))
        gen = self.generation
        desk, actor = self.ctx.desk, self.ctx.actor

        op = self.ctx.ops.serial("reader", lambda: desk.read(account.account, actor, card))
        op.finished.connect(lambda res, g=gen: self._reader_loaded(g, res))
        op.failed.connect(lambda exc, g=gen: self._reader_failed(g, exc))

    def _reader_loaded(self, gen: int, acc: Account) -> None:
        if gen != self.generation:
            return
        reader = acc.reader
        self._show_reader(reader)
        self._show_account(acc)
        self.loans_table.setRowCount(0)
        for ln in acc.loans:
            self._add_loan_row(ln, new=False)
        self.receipt.reader_name = reader.name
        # held copies: known here in full, or named by the reader index (ui/holds.py)
        announce_ready(acc.holds_waiting, acc.holds_ready_at, self.message)
        if reader.status == "blocked":
            self.message.show_kind(
                "error",
                self.tr("该读者证已停用：{reason}。不能借书，可以还书。").format(
                    reason=reader.block_reason or "-"
                ),
            )
        self.refocus()

    def _reader_failed(self, gen: int, exc: object) -> None:
        if gen != self.generation:
            return
        self.card = None
        self._show_reader(None)
        self._error(exc)

    def _show_account(self, acc: Account | None) -> None:
        """Overdue count, fees owed, notices and holds: what the desk must see at card scan."""
        self.account = acc
        fees_on = acc is not None and acc.charges_fees
        for w in (self.r_fees, self.r_fees_label, self.fees_button):
            w.setVisible(fees_on)
        self.history_button.setEnabled(acc is not None)
        if acc is None:
            self.r_overdue.setText("")
            self.r_fees.setText("")
            self.r_notes.setText("")
            self.r_holds.hide()
            return
        self.r_overdue.setText(self.tr("%n 册", "", acc.overdue))
        self.r_overdue.setStyleSheet("color: #8a1111; font-weight: bold;" if acc.overdue else "")
        self.r_fees.setText(self.tr("{sum} 元").format(sum=yuan(acc.owed_cents)))
        self.r_fees.setStyleSheet("color: #8a1111; font-weight: bold;" if acc.owed_cents else "")
        self.r_notes.setText("\n".join(self._note_text(n.code, n.params) for n in acc.notes))
        lines = []
        if acc.holds_waiting:
            lines.append(self.tr("有 %n 册预约图书待取", "", len(acc.holds_waiting)))
        if acc.holds_ready_at:  # only the district's reader index knows these (docs/holds.md)
            lines.append(ready_at_text(acc.holds_ready_at))
        self.r_holds.setText("\n".join(lines))
        self.r_holds.setVisible(bool(lines))

    def _note_text(self, code: str, p: dict[str, Any]) -> str:
        """A notice for staff, with what to tell the reader."""
        if code == "reader_message":
            return self.tr("• 给读者的留言（请告知读者）：{text}").format(text=p["text"])
        if code == "staff_note":
            return self.tr("• 工作备注（仅供馆员）：{text}").format(text=p["text"])
        if code == "overdue":
            return self.tr("• 有 %n 册逾期：请提醒读者尽快归还。", "", int(p["count"]))
        if code == "fees_owed":
            return self.tr("• 欠费 {sum} 元：按 F9 收费。").format(sum=yuan(int(p["cents"])))
        if code == "expires_soon":
            return self.tr("• 读者证将于 {date} 到期：请提醒读者续证。").format(date=p["date"])
        if code == "expired":
            return self.tr("• 读者证已于 {date} 过期：请先续证。").format(date=p["date"])
        if code == "blocked":
            return self.tr("• 读者证已停用：{reason}").format(reason=p["reason"])
        return code

    def _show_reader(self, r: ReaderView | None) -> None:
        self.reader = r
        for lbl in (self.r_name, self.r_card, self.r_type, self.r_status, self.r_expires):
            lbl.setText("")
        self.r_loans.setText("")
        self.r_block.hide()
        if r is None:
            self._show_account(None)
            self.r_hint.setText(self.tr("请扫描读者证，或按 Ctrl+F 查找读者。"))
            self.r_hint.show()
            return
        self.r_hint.hide()
        self.r_name.setText(r.name)
        self.r_card.setText(r.card_no)
        self.r_type.setText(self.ctx.reader_type_name(r.reader_type))
        self.r_status.setText(self.tr("正常") if r.status == "active" else self.tr("停用"))
        expired = r.expires_on < date.today()
        self.r_expires.setText(
            r.expires_on.isoformat() + (self.tr("（已过期）") if expired else "")
        )
        self.r_loans.setText(self.tr("%n 册", "", r.open_loans))
        if r.status == "blocked":
            self.r_block.setText(self.tr("停用：{reason}").format(reason=r.block_reason or "-"))
            self.r_block.show()
        elif expired:
            self.r_block.setText(self.tr("读者证已过期，请先续证"))
            self.r_block.show()

    def _add_loan_row(self, ln: LoanView, new: bool) -> None:
        note = self.tr("本次借出") if new else ""
        if ln.overdue_days:
            note = self.tr("逾期 %n 天", "", ln.overdue_days)
        values = [
            ln.barcode,
            ln.title,
            ln.call_number,
            beijing_time(ln.checked_out_at),
            ln.due_date.isoformat(),
            ln.renewals,
            note,
        ]
        self.loans_table.add_row(values, at=0 if new else None, warn=bool(ln.overdue_days))

    # --- check-out --------------------------------------------------------------------------
    def check_out(self, barcode: str, override: Override | None = None) -> None:
        if self._already_held(barcode):
            return
        if barcode in self.session_barcodes and override is None:
            self.message.show_kind(
                "error",
                self.tr("重复扫描：{barcode} 刚刚已借给这位读者，无需再扫。").format(
                    barcode=barcode
                ),
            )
            return
        if barcode in self.loans_table.column_texts(0) and override is None:
            row = self.loans_table.column_texts(0).index(barcode)
            self.loans_table.selectRow(row)
            self.message.show_kind(
                "info",
                self.tr("{barcode} 已借给这位读者（应还 {due}）。要续借请按 F4。").format(
                    barcode=barcode, due=self.loans_table.cell_text(row, 4)
                ),
            )
            self.refocus()
            return
        assert self.card is not None
        scan = HeldScan("checkout", barcode, self.card, override)
        if self.held:  # behind scans already waiting: keep the order they were made in
            self._hold(scan, None)
            return
        self.session_barcodes.add(barcode)
        gen = self.generation
        op = self.ctx.write("checkout", circulation.check_out, self.card, barcode, override)
        op.finished.connect(lambda ln, g=gen: self._checked_out(g, ln))
        op.failed.connect(lambda exc, g=gen, x=scan: self._checkout_failed(g, x, exc))

    def _checked_out(self, gen: int, ln: LoanView) -> None:
        self.ctx.data_changed.emit("loans")
        if gen != self.generation:
            return
        self._add_loan_row(ln, new=True)
        self.loans_table.selectRow(0)
        self.receipt.checkouts.append(ln)
        if self.reader is not None:
            self.r_loans.setText(self.tr("%n 册", "", self.loans_table.rowCount()))
        self._ok(
            self.tr("已借出《{title}》，应还日期 {due}。").format(
                title=ln.title, due=ln.due_date.isoformat()
            )
        )

    def _checkout_failed(self, gen: int, scan: HeldScan, exc: object) -> None:
        if machine_failure(exc):  # whatever reader is on screen now: the scan is kept
            self.session_barcodes.discard(scan.barcode)
            self._hold(scan, exc)
            return
        if gen != self.generation:
            return
        self.session_barcodes.discard(scan.barcode)
        self._refused("checkout", scan.barcode, exc)

    def _refused(self, kind: str, barcode: str, exc: object) -> None:
        """Show the refusal, naming the refused copy; remember an overridable block (adding to
        codes already overridden)."""
        text = self._refusal_text(barcode, exc)
        prev = self.pending
        self.override_button.hide()
        self.pending = None
        if isinstance(exc, BlockedError) and exc.overridable_by:
            codes = frozenset({exc.code})
            if prev is not None and (prev.kind, prev.barcode) == (kind, barcode):
                codes |= prev.codes
            self.pending = PendingOverride(kind, barcode, exc, codes)
            if self.ctx.actor.role in exc.overridable_by:
                self.override_button.show()
                text += " " + self.tr("如确需办理，请按 F8 填写原因后越权办理。")
            else:
                text += " " + self.tr("（可由{roles}越权办理）").format(
                    roles=self._role_names(exc.overridable_by)
                )
        self.message.show_kind("error", text)
        self.refocus()

    def _refusal_text(self, barcode: str, exc: object) -> str:
        if (
            isinstance(exc, DeskError)
            and exc.code == "renewal_limit"
            and not exc.params.get("limit")
        ):
            text = self.tr("这类图书不允许续借。")
        else:
            text = self.ctx.message(exc)
        return text if barcode in text else f"{barcode}：{text}"

    def _role_name(self, role: str) -> str:
        return {
            "desk": self.tr("前台"),
            "librarian": self.tr("馆员"),
            "admin": self.tr("管理员"),
        }.get(role, role)

    def _role_names(self, roles: tuple[str, ...]) -> str:
        """Role names joined as the language lists them (、 in Chinese, ", " in English)."""
        return self.tr("、").join(self._role_name(r) for r in roles)

    def override(self) -> None:
        """F8: override the refusal on screen; when there is none, or the signed-in role may not
        override it, say so (which roles may, and that nothing was done)."""
        p = self.pending
        if p is None:
            self.message.show_kind("info", self.tr("没有可越权办理的拒绝：F8 未执行任何操作。"))
            self.refocus()
            return
        if self.ctx.actor.role not in p.error.overridable_by:
            self.message.show_kind(
                "error",
                self.tr(
                    "{barcode}：您的角色（{role}）不能越权办理，未执行任何操作。"
                    "请由{roles}登录后按 F8 办理。"
                ).format(
                    barcode=p.barcode,
                    role=self._role_name(self.ctx.actor.role),
                    roles=self._role_names(p.error.overridable_by),
                ),
            )
            self.refocus()
            return
        dlg = ReasonDialog(
            self.tr("越权办理"),
            self.tr("系统拒绝的原因：{why}\n越权办理将记录您的工号和原因，并同步到区馆。").format(
                why=p.error.message(self.ctx.lang)
            ),
            self.tr("原因"),
            self,
        )
        if dlg.exec() != QDialog.DialogCode.Accepted:
            self.refocus()
            return
        ov = Override(reason=dlg.value(), codes=p.codes)
        if p.kind == "checkout":
            self.check_out(p.barcode, ov)
        else:
            self.renew([p.barcode], ov)

    # --- renew ------------------------------------------------------------------------------
    def selected_barcodes(self) -> list[str]:
        rows = sorted({i.row() for i in self.loans_table.selectedIndexes()})
        return [self.loans_table.cell_text(r, 0) for r in rows]

    def renew_selected(self) -> None:
        if self.mode != CHECKOUT or self.card is None:
            self.message.show_kind("error", self.tr("请先扫描读者证，再选择要续借的图书。"))
            return
        barcodes = self.selected_barcodes()
        if not barcodes:
            self.message.show_kind("error", self.tr("请在在借列表中选择要续借的图书。"))
            self.refocus()
            return
        self.renew(barcodes)

    def renew(self, barcodes: list[str], override: Override | None = None) -> None:
        gen = self.generation
        for b in barcodes:
            op = self.ctx.write("renew", circulation.renew, b, override)
            op.finished.connect(lambda ln, g=gen: self._renewed(g, ln))
            op.failed.connect(
                lambda exc, g=gen, b=b: g == self.generation and self._refused("renew", b, exc)
            )

    def _renewed(self, gen: int, ln: LoanView) -> None:
        self.ctx.data_changed.emit("loans")
        if gen != self.generation:
            return
        for row in range(self.loans_table.rowCount()):
            if self.loans_table.cell_text(row, 0) == ln.barcode:
                self.loans_table.set_row(
                    row,
                    [
                        ln.barcode,
                        ln.title,
                        ln.call_number,
                        beijing_time(ln.checked_out_at),
                        ln.due_date.isoformat(),
                        ln.renewals,
                        self.tr("已续借"),
                    ],
                )
        self.receipt.renewals.append(ln)
        self._ok(
            self.tr("已续借《{title}》，新的应还日期 {due}。").format(
                title=ln.title, due=ln.due_date.isoformat()
            )
        )

    # --- return -----------------------------------------------------------------------------
    def check_in(self, barcode: str) -> None:
        if barcode in self.returned_barcodes[-50:]:
            self.message.show_kind(
                "error", self.tr("重复扫描：{barcode} 刚刚已归还。").format(barcode=barcode)
            )
            return
        if self._already_held(barcode):
            return
        if self.held:  # behind scans already waiting: keep the order they were made in
            self._hold(HeldScan("checkin", barcode), None)
            return
        self.returned_barcodes.append(barcode)
        op = self.ctx.write("checkin", returns.check_in_any, barcode)
        op.finished.connect(self._checked_in)
        op.failed.connect(lambda exc, b=barcode: self._checkin_failed(b, exc))

    def _checkin_failed(self, barcode: str, exc: object) -> None:
        if barcode in self.returned_barcodes:
            self.returned_barcodes.remove(barcode)
        if machine_failure(exc):
            self._hold(HeldScan("checkin", barcode), exc)
            return
        self._error(exc)

    # --- scans kept while the machine refuses -----------------------------------------------
    def _already_held(self, barcode: str) -> bool:
        if all(s.barcode != barcode for s in self.held):
            return False
        self.message.show_kind(
            "error",
            self.tr("{barcode} 已在待重试的扫描中，无需再扫；腾出空间后按“重试”。").format(
                barcode=barcode
            ),
        )
        self.refocus()
        return True

    def _hold(self, scan: HeldScan, exc: object | None) -> None:
        """Keep ``scan`` for retry and say so on the banner (the reason, if this one failed)."""
        if scan not in self.held:
            self.held.append(scan)
        if exc is not None:
            self.disk_reason = self.ctx.message(exc)
        # the line under the scan field must not still show the last success
        self.message.show_kind(
            "error",
            self.tr("{barcode}：未办理，已保留待重试（见上方提示）").format(barcode=scan.barcode),
        )
        self.disk_banner.show_kind(
            "error",
            self.disk_reason
            + "\n"
            + self.tr(
                "已保留 %n 次扫描，未丢失。腾出磁盘空间后按“重试 (F6)”继续办理。",
                "",
                len(self.held),
            ),
        )
        self.retry_button.show()
        self.refocus()

    def retry_held(self) -> None:
        """Run the kept scans again, in the order they were made; any the machine still
        refuses are kept again."""
        scans, self.held = self.held, []
        if not scans:
            return
        self.disk_banner.clear_message()
        self.retry_button.hide()
        for scan in scans:
            if scan.kind == "checkout":
                op = self.ctx.write(
                    "checkout", circulation.check_out, scan.card, scan.barcode, scan.override
                )
                op.finished.connect(lambda ln, x=scan: self._retried_out(x, ln))
                op.failed.connect(lambda exc, x=scan: self._retry_failed(x, exc))
            else:
                op = self.ctx.write("checkin", returns.check_in_any, scan.barcode)
                op.finished.connect(self._checked_in)
                op.failed.connect(lambda exc, x=scan: self._retry_failed(x, exc))

    def _retried_out(self, scan: HeldScan, ln: LoanView) -> None:
        if scan.card == self.card:  # the reader is still on screen: show it as any loan
            self.session_barcodes.add(scan.barcode)
            self._checked_out(self.generation, ln)
            return
        self.ctx.data_changed.emit("loans")
        self._ok(
            self.tr("已为读者 {card} 补办借出《{title}》，应还日期 {due}。").format(
                card=scan.card, title=ln.title, due=ln.due_date.isoformat()
            )
        )

    def _retry_failed(self, scan: HeldScan, exc: object) -> None:
        if machine_failure(exc):
            self._hold(scan, exc)
        elif scan.kind == "checkout" and scan.card == self.card:
            self._refused("checkout", scan.barcode, exc)
        else:
            self._error(exc)

    def _checked_in(self, res: CheckinResult | UnknownReturn) -> None:
        self.ctx.data_changed.emit("loans")
        if isinstance(res, UnknownReturn):
            self._unknown_returned(res)
            return
        ln = res.loan
        route = (
            self.tr("送往 {name}（{code}）").format(name=res.route_to_name, code=res.route_to)
            if res.route_to
            else self.tr("本馆上架")
        )
        self.returns_table.add_row(
            [
                ln.barcode,
                ln.title,
                ln.card_no or "",
                res.days_late,
                f"{res.fee_cents / 100:.2f}",
                route,
            ],
            at=0,
            warn=bool(res.days_late),
        )
        self.receipt.returns.append(res)
        late = ""
        if res.days_late:
            late = self.tr("逾期 %n 天，滞纳金 {fee:.2f} 元。", "", res.days_late).format(
                fee=res.fee_cents / 100
            )
        if res.route_to:
            self.last_slip = TransitSlip(
                barcode=ln.barcode,
                title=ln.title,
                call_number=ln.call_number,
                to_code=res.route_to,
                to_name=res.route_to_name or res.route_to,
                from_name=self.ctx.desk.point.name,
                staff=self.ctx.actor.name or self.ctx.actor.staff_code,
            )
            self.pending = None
            self.override_button.hide()
            self.message.show_kind(
                "route",
                self.tr("已归还《{title}》。请送往：{name}（{code}），按 Ctrl+T 打印转运单").format(
                    title=ln.title, name=res.route_to_name, code=res.route_to
                )
                + ("\n" + late if late else ""),
            )
            self.refocus()
        else:
            self._ok(
                self.tr("已归还《{title}》，请放回本馆书架。").format(title=ln.title)
                + (" " + late if late else "")
            )
        if res.hold is not None:  # a waiting hold captured the copy: 送往 X / 放预约架
            self.message.show_kind("route", slip_banner(res.hold) + ("\n" + late if late else ""))

    def _unknown_returned(self, res: UnknownReturn) -> None:
        """A copy this point has no record of: taken back, set aside, routed after the sync."""
        aside = self.tr("待分拣（同步后确定去向）")
        self.returns_table.add_row(
            [res.barcode, self.tr("（本点无记录）"), "", "", "", aside], at=0, warn=True
        )
        self.last_slip = TransitSlip(
            barcode=res.barcode,
            title=self.tr("（本点无记录）"),
            call_number="",
            to_code="?",
            to_name=aside,
            from_name=self.ctx.desk.point.name,
            staff=self.ctx.actor.name or self.ctx.actor.staff_code,
        )
        self.pending = None
        self.override_button.hide()
        self.message.show_kind(
            "route",
            self.tr(
                "{barcode}：本点没有这本书的记录，已作为通借通还收下。请放在待分拣处，"
                "按 Ctrl+T 打印转运单夹在书中；同步后会告知送往哪里。"
            ).format(barcode=res.barcode),
        )
        self.refocus()

    # --- session ----------------------------------------------------------------------------
    def end_session(self, keep_message: bool = False) -> None:
        """Esc / a new card: forget the reader, the session's scans and any pending override."""
        self.generation += 1
        self.card = None
        self.session_barcodes.clear()
        self.returned_barcodes.clear()
        self.pending = None
        self.override_button.hide()
        self.loans_table.setRowCount(0)
        self.returns_table.setRowCount(0)
        self._show_reader(None)
        self.receipt = self._new_receipt()
        if not keep_message:
            self.message.clear_message()
        self.refocus()

    def focus_search(self) -> None:
        dlg = ReaderSearchDialog(self.ctx, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.card:
            self.set_checkout_mode()
            self.load_reader(dlg.card)
        self.refocus()

    # --- fees and history ---------------------------------------------------------------------
    def open_fees(self) -> None:
        """F9: the reader's unpaid fees; a payment lands on this session's receipt."""
        acc = self.account
        if self.mode != CHECKOUT or acc is None or acc.reader.card_no != self.card:
            self.message.show_kind("error", self.tr("请先扫描读者证，再收费。"))
            self.refocus()
            return
        if not acc.charges_fees:
            self.refocus()
            return
        if not acc.fees:
            self.message.show_kind("info", self.tr("这位读者没有未缴费用。"))
            self.refocus()
            return
        dlg = FeesDialog(self.ctx, acc.reader.card_no, acc.fees, self)
        dlg.exec()
        gen = self.generation
        if dlg.payment is not None:
            self.receipt.payments.append(dlg.payment)
        self.receipt.waivers.extend(dlg.waived)
        if dlg.payment is not None or dlg.waived:
            paid = dlg.payment.amount_cents if dlg.payment else 0
            self._ok(
                self.tr(
                    "已收现金 {paid} 元，减免 %n 笔。按 Ctrl+P 打印收据。", "", len(dlg.waived)
                ).format(paid=yuan(paid))
            )
            self._reload_account(gen)
        self.refocus()

    def _reload_account(self, gen: int) -> None:
        if self.card is None:
            return
        op = self.ctx.read("account", account.account, self.card)
        op.finished.connect(lambda acc, g=gen: g == self.generation and self._show_account(acc))

    def close_lost_selected(self) -> None:
        """F12: the selected loan's copy will not come back: lost (paid or replaced) or
        claimed returned; the loan leaves the table and a paid loss is owed (F9)."""
        barcodes = self.selected_barcodes()
        if self.mode != CHECKOUT or self.card is None or len(barcodes) != 1:
            self.message.show_kind("error", self.tr("请在在借列表中选择一本图书，再按 F12。"))
            self.refocus()
            return
        choices = {
            self.tr("读者丢失，赔偿书价"): "lost_paid",
            self.tr("读者丢失，以同版图书赔偿"): "lost_replaced",
            self.tr("读者声称已归还"): "claimed_returned",
        }
        text, ok = QInputDialog.getItem(
            self,
            self.tr("丢失或声称已还"),
            self.tr("{barcode} 如何处理？").format(barcode=barcodes[0]),
            list(choices),
            0,
            False,
        )
        if not ok:
            self.refocus()
            return
        gen = self.generation
        op = self.ctx.write("lost", copystates.close_lost, barcodes[0], choices[text])
        op.finished.connect(lambda c, g=gen: self._closed_lost(g, c))
        op.failed.connect(
            lambda exc, g=gen, b=barcodes[0]: g == self.generation and self._refused("lost", b, exc)
        )

    def _closed_lost(self, gen: int, c: ClosedLoan) -> None:
        self.ctx.data_changed.emit("loans")
        if gen != self.generation:
            return
        rows = self.loans_table.column_texts(0)
        if c.barcode in rows:
            self.loans_table.removeRow(rows.index(c.barcode))
        text = self.tr("{barcode} 的借阅已结束，图书记为丢失。").format(barcode=c.barcode)
        if c.fee_cents:
            text += self.tr("应赔偿 {sum} 元，按 F9 收费。").format(sum=yuan(c.fee_cents))
        self._ok(text)
        self._reload_account(gen)

    def open_overdue(self) -> None:
        """Ctrl+O: the point's overdue call list, CSV export and printed notices."""
        OverdueDialog(self.ctx, self).exec()
        self.refocus()

    def open_history(self) -> None:
        acc = self.account
        if self.mode != CHECKOUT or acc is None:
            self.message.show_kind("error", self.tr("请先扫描读者证。"))
            self.refocus()
            return
        HistoryDialog(acc.history, acc.retention_days, self).exec()
        self.refocus()

    # --- receipt ----------------------------------------------------------------------------
    def _receipt_doc(self, data: ReceiptData | None = None, at: datetime | None = None) -> Any:
        return document(
            self.ctx.desk.policy.package.identity,
            data or self.receipt,
            at or self._now(),
            reprint=data is not None,
        )

    def _now(self) -> datetime:
        return self.ctx.desk.clock.now().astimezone(BEIJING)  # the desk's time, in Beijing

    def _send(self, doc: ReceiptDocument, done: str) -> bool:
        printer = receipt_printer(QSettings().value("printer", "", str) or None)
        dlg = QPrintDialog(printer, self)
        sent = dlg.exec() == QDialog.DialogCode.Accepted
        if sent:
            doc.print_(printer)
            self._ok(done)
        self.refocus()
        return sent

    def print_receipt(self) -> None:
        if self.receipt.empty:
            self.message.show_kind("error", self.tr("本次还没有借还记录，无需打印凭条。"))
            self.refocus()
            return
        at = self._now()
        if self._send(self._receipt_doc(None, at), self.tr("凭条已发送到打印机。")):
            self.last_printed = (self.receipt, at)

    def reprint_last(self) -> None:
        """The last receipt printed or saved here, marked 补打, with its original time."""
        if self.last_printed is None:
            self.message.show_kind("error", self.tr("还没有打印过凭条，无可补打。"))
            self.refocus()
            return
        data, at = self.last_printed
        self._send(self._receipt_doc(data, at), self.tr("已补打上一张凭条。"))

    def transit_doc(self) -> ReceiptDocument | None:
        if self.last_slip is None:
            return None
        return ReceiptDocument(transit_html(self.last_slip, self._now()))

    def print_transit_slip(self) -> None:
        doc = self.transit_doc()
        if doc is None:
            self.message.show_kind("error", self.tr("没有需要转运的归还图书。"))
            self.refocus()
            return
        self._send(doc, self.tr("转运单已发送到打印机。"))

    def save_receipt_pdf(self, path: Path | None = None) -> Path | None:
        if self.receipt.empty:
            self.message.show_kind("error", self.tr("本次还没有借还记录，无需保存凭条。"))
            self.refocus()
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("凭条存为 PDF"), str(Path.home() / "receipt.pdf"), "PDF (*.pdf)"
            )
            if not name:
                self.refocus()
                return None
            path = Path(name)
        at = self._now()
        self._receipt_doc(None, at).print_(receipt_printer(pdf_path=path))
        self.last_printed = (self.receipt, at)
        self._ok(self.tr("凭条已保存：{path}").format(path=path))
        return path

    # --- keyboard ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Tabbing into the loans table selects its first loan, so Enter renews something."""
        if (
            watched is self.loans_table
            and event.type() == QEvent.Type.FocusIn
            and self.loans_table.rowCount()
            and not self.loans_table.selectedIndexes()
        ):
            self.loans_table.selectRow(0)
        return super().eventFilter(watched, event)
