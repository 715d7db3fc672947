"""收费 Fees at the desk: the reader's unpaid fees, cash collected, a fee waived with a reason,
the loan history, and the staff member's cash total for the day.

Keyboard first: the dialog opens with every unpaid fee selected, so Enter collects them all;
the arrows and Shift choose fewer; F7 waives the current one (only for the roles the package
names, with a reason); Esc closes. The collected payment goes back to the circulation page,
which prints it on the 80 mm receipt.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..services import fees
from ..services.account import HistoryRow
from ..services.fees import CashTotal, FeeView, Payment
from .context import UiContext
from .widgets import Banner, ReasonDialog, Table, beijing_time


def yuan(cents: int) -> str:
    return f"{cents / 100:.2f}"


class FeesDialog(QDialog):
    def __init__(self, ctx: UiContext, card: str, owed: list[FeeView], parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.card = ctx, card
        self.fees = list(owed)
        self.payment: Payment | None = None
        self.waived: list[FeeView] = []
        self.setWindowTitle(self.tr("收费 — 读者 {card}").format(card=card))
        self.setMinimumWidth(640)
        self.total = QLabel()
        self.total.setObjectName("FeesTotal")
        self.table = Table(
            [
                self.tr("条码"),
                self.tr("题名"),
                self.tr("金额（元）"),
                self.tr("产生时间"),
                self.tr("产生地点"),
            ],
            stretch=1,
        )
        self.table.setObjectName("FeesTable")
        self.message = Banner()
        self.cash = QLabel()
        self.cash.setObjectName("CashToday")
        self.collect_button = QPushButton(self.tr("收取所选现金 (Enter)"))
        self.collect_button.setDefault(True)
        self.collect_button.clicked.connect(self.collect)
        self.waive_button = QPushButton(self.tr("减免当前一笔… (F7)"))
        self.waive_button.clicked.connect(self.waive)
        self.may_waive = ctx.actor.role in fees.waiver_roles(ctx.desk.policy)
        self.waive_button.setVisible(self.may_waive)
        close = QPushButton(self.tr("关闭 (Esc)"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.collect_button, self.waive_button, close):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.total)
        lay.addWidget(self.table)
        lay.addWidget(self.message)
        lay.addWidget(self.cash)
        lay.addLayout(buttons)
        self._fill()
        self.refresh_cash()

    def _fill(self) -> None:
        self.table.set_rows(
            [
                (f.barcode, f.title, yuan(f.amount_cents), beijing_time(f.raised_at), f.point)
                for f in self.fees
            ]
        )
        if self.fees:
            self.table.setCurrentCell(0, 0)
        self.table.selectAll()
        self.table.setFocus()
        self.total.setText(
            self.tr("未缴费用 %n 笔，合计 {sum} 元", "", len(self.fees)).format(
                sum=yuan(sum(f.amount_cents for f in self.fees))
            )
        )
        self.collect_button.setEnabled(bool(self.fees))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter collects, F7 waives: keys, not shortcuts, so they work the moment the dialog
        has the keyboard (the table passes them up)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.collect()
        elif event.key() == Qt.Key.Key_F7:
            self.waive()
        else:
            super().keyPressEvent(event)

    def refresh_cash(self) -> None:
        op = self.ctx.read("cash", fees.cash_total)
        op.finished.connect(self._show_cash)

    def _show_cash(self, t: CashTotal) -> None:
        self.cash.setText(
            self.tr("{staff} 今日在本点收取现金 {sum} 元（%n 笔）", "", t.payments).format(
                staff=self.ctx.actor.name or t.staff_code, sum=yuan(t.amount_cents)
            )
        )

    def selected(self) -> list[FeeView]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.fees[r] for r in rows]

    def collect(self) -> None:
        chosen = self.selected()
        if not chosen:
            self.message.show_kind("error", self.tr("请选择要收取的费用。"))
            return
        self.collect_button.setEnabled(False)
        op = self.ctx.write("fee_pay", fees.collect, self.card, [f.uid for f in chosen])
        op.finished.connect(self._collected)
        op.failed.connect(self._failed)

    def _collected(self, p: Payment) -> None:
        self.ctx.data_changed.emit("fees")
        self.payment = p
        self.accept()

    def _failed(self, exc: object) -> None:
        self.collect_button.setEnabled(bool(self.fees))
        self.message.show_kind("error", self.ctx.message(exc))

    def waive(self) -> None:
        row = self.table.currentRow()
        if not self.may_waive or not (0 <= row < len(self.fees)):
            return
        fee = self.fees[row]
        dlg = ReasonDialog(
            self.tr("减免费用"),
            self.tr(
                "减免 {barcode}《{title}》的 {sum} 元。将记录您的工号和原因，并同步到区馆。"
            ).format(barcode=fee.barcode, title=fee.title, sum=yuan(fee.amount_cents)),
            self.tr("原因"),
            self,
        )
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        op = self.ctx.write("fee_waive", fees.waive, self.card, fee.uid, dlg.value())
        op.finished.connect(self._waived)
        op.failed.connect(self._failed)

    def _waived(self, f: FeeView) -> None:
        self.ctx.data_changed.emit("fees")
        self.waived.append(f)
        self.fees = [x for x in self.fees if x.uid != f.uid]
        self._fill()
        self.message.show_kind(
            "ok",
            self.tr("已减免 {sum} 元：{why}").format(sum=yuan(f.amount_cents), why=f.waive_reason),
        )


class HistoryDialog(QDialog):
    """The reader's returned loans within the package's retention limit, newest first."""

    def __init__(self, rows: list[HistoryRow], retention_days: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("借阅历史"))
        self.setMinimumWidth(640)
        note = QLabel(
            self.tr("只显示 {days} 天内归还的记录（标准包的保留期限），共 {n} 条。").format(
                days=retention_days, n=len(rows)
            )
        )
        self.table = Table(
            [
                self.tr("归还时间"),
                self.tr("条码"),
                self.tr("题名"),
                self.tr("逾期天数"),
                self.tr("滞纳金（元）"),
            ],
            stretch=2,
        )
        self.table.setObjectName("HistoryTable")
        self.table.set_rows(
            [
                (beijing_time(h.returned_at), h.barcode, h.title, h.days_late, yuan(h.fee_cents))
                for h in rows
            ]
        )
        close = QPushButton(self.tr("关闭 (Esc)"))
        close.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(self.table)
        lay.addWidget(close)
