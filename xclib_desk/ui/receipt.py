"""借还凭条: one receipt per reader session, with the district's header and footer (统一标识)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from ..services.circulation import CheckinResult, LoanView
from ..standards.schema import Identity


@dataclass
class ReceiptData:
    point_name: str
    staff: str
    card_no: str | None = None
    reader_name: str | None = None
    checkouts: list[LoanView] = field(default_factory=list)
    renewals: list[LoanView] = field(default_factory=list)
    returns: list[CheckinResult] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.checkouts or self.renewals or self.returns)


def _mask_name(name: str | None) -> str:
    """Privacy on paper: 张三丰 -> 张*丰, 李四 -> 李*."""
    if not name:
        return ""
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def receipt_html(identity: Identity, data: ReceiptData, now: datetime) -> str:
    e = html.escape
    w_title = e(QCoreApplication.translate("Receipt", "借还凭条"))
    w_card = e(QCoreApplication.translate("Receipt", "读者证"))
    w_out = e(QCoreApplication.translate("Receipt", "借出"))
    w_renew = e(QCoreApplication.translate("Receipt", "续借"))
    w_due = e(QCoreApplication.translate("Receipt", "应还"))
    w_back = e(QCoreApplication.translate("Receipt", "归还"))
    w_done = e(QCoreApplication.translate("Receipt", "已还"))
    w_fee = e(QCoreApplication.translate("Receipt", "滞纳金（元）"))
    header = "<br>".join(e(x) for x in identity.receipt_header.splitlines())
    footer = "<br>".join(e(x) for x in identity.receipt_footer.splitlines())
    parts = [
        f"<div style='text-align:center'><b>{header}</b><br>{e(data.point_name)}</div><hr>",
        f"<div>{w_title} {now.strftime('%Y-%m-%d %H:%M')}</div>",
    ]
    if data.card_no:
        parts.append(f"<div>{w_card}: {e(data.card_no)} {e(_mask_name(data.reader_name))}</div>")
    for heading, loans in ((w_out, data.checkouts), (w_renew, data.renewals)):
        if loans:
            parts.append(f"<p><b>{heading}</b></p><table width='100%'>")
            for ln in loans:
                parts.append(
                    f"<tr><td>{e(ln.title)}<br><small>{e(ln.barcode)}</small></td>"
                    f"<td align='right'>{w_due} {ln.due_date.isoformat()}</td></tr>"
                )
            parts.append("</table>")
    if data.returns:
        parts.append(f"<p><b>{w_back}</b></p><table width='100%'>")
        for r in data.returns:
            fee = f"<br>{w_fee} {r.fee_cents / 100:.2f}" if r.fee_cents else ""
            parts.append(
                f"<tr><td>{e(r.loan.title)}<br><small>{e(r.loan.barcode)}</small></td>"
                f"<td align='right'>{w_done}{fee}</td></tr>"
            )
        parts.append("</table>")
    parts.append(f"<hr><div style='text-align:center'>{footer}</div>")
    parts.append(f"<div style='text-align:right'><small>{e(data.staff)}</small></div>")
    return "<html><body style='font-size:9pt'>" + "".join(parts) + "</body></html>"


def document(identity: Identity, data: ReceiptData, now: datetime) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(receipt_html(identity, data, now))
    return doc


def receipt_printer(printer_name: str | None = None, pdf_path: Path | None = None) -> QPrinter:
    """An 80 mm roll (the usual desk receipt printer), or a PDF file of the same size."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf_path is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
    elif printer_name:
        printer.setPrinterName(printer_name)
    size = QPageSize(QSizeF(80, 200), QPageSize.Unit.Millimeter, "receipt80")
    printer.setPageLayout(
        QPageLayout(
            size,
            QPageLayout.Orientation.Portrait,
            QMarginsF(4, 4, 4, 4),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer
