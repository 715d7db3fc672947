"""逾期催还 Overdue work from the circulation page (Ctrl+O): the point's call list, exported
as CSV for a spreadsheet or printed as one notice per reader.

The list is ``services.overdue`` (loans lent here or of this point's readers); nothing here
changes the store.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services import overdue
from ..services.overdue import Notice, OverdueLoan
from ..standards.schema import Identity
from .context import UiContext
from .widgets import Banner, Table


def _w(text: str) -> str:
    return html.escape(text)


def notices_html(identity: Identity, point: str, notices: list[Notice], now: datetime) -> str:
    """One notice per reader, each on its own page: what to bring back and what it costs."""
    e = html.escape
    head = _w(QCoreApplication.translate("Overdue", "逾期催还通知"))
    ask = _w(
        QCoreApplication.translate(
            "Overdue", "您借阅的以下图书已逾期，请尽快归还（可在区内任一服务点归还）。"
        )
    )
    w_fee = _w(QCoreApplication.translate("Overdue", "截至今日滞纳金（元）"))
    cols = [
        _w(QCoreApplication.translate("Overdue", "条码")),
        _w(QCoreApplication.translate("Overdue", "题名")),
        _w(QCoreApplication.translate("Overdue", "应还日期")),
        _w(QCoreApplication.translate("Overdue", "逾期天数")),
    ]
    title = identity.receipt_header.splitlines()[0] if identity.receipt_header else ""
    pages = []
    for n in notices:
        rows = "".join(
            f"<tr><td>{e(x.barcode)}</td><td>{e(x.title)}</td><td>{x.due_date.isoformat()}</td>"
            f"<td>{x.days_late}</td></tr>"
            for x in n.loans
        )
        fee = f"<p>{w_fee} {n.fee_cents / 100:.2f}</p>" if n.fee_cents else ""
        pages.append(
            f"<h2>{e(title)} {e(point)}</h2><h3>{head}</h3>"
            f"<p>{e(n.name)}（{e(n.card_no)}）：</p><p>{ask}</p>"
            "<table border='1' cellspacing='0' cellpadding='4'><tr>"
            + "".join(f"<th>{c}</th>" for c in cols)
            + f"</tr>{rows}</table>{fee}<p>{now.strftime('%Y-%m-%d')}</p>"
        )
    brk = "<div style='page-break-after: always'></div>"
    return "<html><body>" + brk.join(pages) + "</body></html>"


class OverdueDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[OverdueLoan] = []
        self.notices: list[Notice] = []
        self.setWindowTitle(self.tr("逾期催还"))
        self.setMinimumSize(820, 480)
        self.summary = QLabel(self.tr("正在读取…"))
        self.table = Table(
            [
                self.tr("读者证"),
                self.tr("姓名"),
                self.tr("电话"),
                self.tr("条码"),
                self.tr("题名"),
                self.tr("应还日期"),
                self.tr("逾期天数"),
                self.tr("滞纳金（元）"),
                self.tr("借出地点"),
            ],
            stretch=4,
        )
        self.table.setObjectName("OverdueTable")
        self.message = Banner()
        export = QPushButton(self.tr("导出催还名单 CSV (Ctrl+E)"))
        export.clicked.connect(lambda: self.export_csv())
        notices = QPushButton(self.tr("打印催还通知 (Ctrl+P)"))
        notices.clicked.connect(self.print_notices)
        close = QPushButton(self.tr("关闭 (Esc)"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (export, notices, close):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table)
        lay.addWidget(self.message)
        lay.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+E"), self, lambda: self.export_csv())
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_notices)
        op = ctx.read("overdue", overdue.notices)
        op.finished.connect(self._loaded)
        op.failed.connect(lambda exc: self.message.show_kind("error", ctx.message(exc)))

    def _loaded(self, notices: list[Notice]) -> None:
        self.notices = notices
        self.rows = [x for n in notices for x in n.loans]
        self.table.set_rows(
            [
                (
                    x.card_no,
                    x.name,
                    x.phone or x.guardian_phone or "",
                    x.barcode,
                    x.title,
                    x.due_date.isoformat(),
                    x.days_late,
                    f"{x.fee_cents / 100:.2f}",
                    x.lent_at,
                )
                for x in self.rows
            ]
        )
        self.summary.setText(
            self.tr("{items}，{readers}").format(
                items=self.tr("逾期 %n 册", "", len(self.rows)),
                readers=self.tr("涉及读者 %n 人", "", len(notices)),
            )
        )

    def export_csv(self, path: Path | None = None) -> Path | None:
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("导出催还名单"), str(Path.home() / "overdue.csv"), "CSV (*.csv)"
            )
            if not name:
                return None
            path = Path(name)
        try:
            overdue.write_csv(self.rows, path)
        except OSError as exc:
            self.message.show_kind("error", self.ctx.message(exc))
            return None
        self.message.show_kind("ok", self.tr("已导出：{path}").format(path=path))
        return path

    def notices_document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setHtml(
            notices_html(
                self.ctx.desk.policy.package.identity,
                self.ctx.desk.point.name,
                self.notices,
                self.ctx.desk.clock.now(),
            )
        )
        return doc

    def print_notices(self) -> None:
        if not self.notices:
            self.message.show_kind("error", self.tr("没有逾期图书，无需催还。"))
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.notices_document().print_(printer)
            self.message.show_kind("ok", self.tr("催还通知已发送到打印机。"))
