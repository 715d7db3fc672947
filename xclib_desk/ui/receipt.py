"""借还凭条: one receipt per reader session, with the district's header and footer (统一标识)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import (
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from ..services.circulation import CheckinResult, LoanView
from ..services.fees import FeeView, Payment
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
    payments: list[Payment] = field(default_factory=list)
    waivers: list[FeeView] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.checkouts or self.renewals or self.returns or self.payments or self.waivers
        )


def _mask_name(name: str | None) -> str:
    """Privacy on paper: 张三丰 -> 张*丰, 李四 -> 李*."""
    if not name:
        return ""
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


#: the roll: 80 mm paper, of which thermal printers print about 72 mm
ROLL_WIDTH_MM = 80.0
SIDE_MARGIN_MM = 4.0
END_MARGIN_MM = 3.0
PRINTABLE_MM = ROLL_WIDTH_MM - 2 * SIDE_MARGIN_MM


def _nowrap(text: str) -> str:
    """A barcode or a date never breaks mid-string (Qt breaks at '-' and in long words)."""
    return f"<span style='white-space:nowrap'>{text}</span>"


#: a phone number, a web address, a code: ASCII runs that must not break at a line's end
_WHOLE = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-./:@_]{3,}(?: [0-9][0-9\-]{2,})*")


def _lines_kept_whole(text: str) -> str:
    """The package's header/footer lines, escaped, with phone numbers and the like unbroken."""
    out = []
    for line in text.splitlines():
        pos, piece = 0, []
        for m in _WHOLE.finditer(line):
            piece.append(html.escape(line[pos : m.start()]) + _nowrap(html.escape(m.group())))
            pos = m.end()
        out.append("".join(piece) + html.escape(line[pos:]))
    return "<br>".join(out)


def receipt_html(
    identity: Identity, data: ReceiptData, now: datetime, reprint: bool = False
) -> str:
    """One loan per entry: the title on its own, then barcode and due date on one unbroken line.
    Fees paid print as a cash receipt (each fee, then the total); a reprint says so."""
    e = html.escape
    only_fees = not (data.checkouts or data.renewals or data.returns)
    w_title = e(
        QCoreApplication.translate("Receipt", "收费收据")
        if only_fees
        else QCoreApplication.translate("Receipt", "借还凭条")
    )
    w_paid = e(QCoreApplication.translate("Receipt", "收费（现金）"))
    w_total = e(QCoreApplication.translate("Receipt", "合计（元）"))
    w_waived = e(QCoreApplication.translate("Receipt", "减免（元）"))
    w_reprint = e(QCoreApplication.translate("Receipt", "补打"))
    w_card = e(QCoreApplication.translate("Receipt", "读者证"))
    w_out = e(QCoreApplication.translate("Receipt", "借出"))
    w_renew = e(QCoreApplication.translate("Receipt", "续借"))
    w_due = e(QCoreApplication.translate("Receipt", "应还"))
    w_back = e(QCoreApplication.translate("Receipt", "归还"))
    w_done = e(QCoreApplication.translate("Receipt", "已还"))
    w_fee = e(QCoreApplication.translate("Receipt", "滞纳金（元）"))
    header = _lines_kept_whole(identity.receipt_header)
    footer = _lines_kept_whole(identity.receipt_footer)
    gap = "&nbsp;&nbsp;"

    def entry(title: str, barcode: str, detail: str) -> str:
        return (
            f"<p style='margin-top:3px'>{e(title)}<br>"
            f"{_nowrap(e(barcode))}{gap}{_nowrap(detail)}</p>"
        )

    parts = [
        f"<div style='text-align:center'><b>{header}</b><br>{e(data.point_name)}</div><hr>",
        f"<div>{w_title} {_nowrap(now.strftime('%Y-%m-%d %H:%M'))}"
        + (f" <b>{w_reprint}</b>" if reprint else "")
        + "</div>",
    ]
    if data.card_no:
        parts.append(
            f"<div>{w_card}: {_nowrap(e(data.card_no))} {e(_mask_name(data.reader_name))}</div>"
        )
    for heading, loans in ((w_out, data.checkouts), (w_renew, data.renewals)):
        if loans:
            parts.append(f"<p style='margin-top:6px'><b>{heading}</b></p>")
            for ln in loans:
                parts.append(entry(ln.title, ln.barcode, f"{w_due} {ln.due_date.isoformat()}"))
    if data.returns:
        parts.append(f"<p style='margin-top:6px'><b>{w_back}</b></p>")
        for r in data.returns:
            fee = f"{gap}{_nowrap(f'{w_fee} {r.fee_cents / 100:.2f}')}" if r.fee_cents else ""
            parts.append(entry(r.loan.title, r.loan.barcode, w_done) + fee)
    for p in data.payments:
        parts.append(f"<p style='margin-top:6px'><b>{w_paid}</b></p>")
        for f in p.fees:
            parts.append(entry(f.title, f.barcode, f"{f.amount_cents / 100:.2f}"))
        parts.append(f"<div>{w_total} {_nowrap(f'{p.amount_cents / 100:.2f}')}</div>")
        parts.append(f"<div style='font-size:7pt'>{_nowrap(e(p.uid))}</div>")
    if data.waivers:
        parts.append(f"<p style='margin-top:6px'><b>{w_waived}</b></p>")
        for f in data.waivers:
            parts.append(entry(f.title, f.barcode, f"{f.amount_cents / 100:.2f}"))
    parts.append(f"<hr><div style='text-align:center'>{footer}</div>")
    parts.append(f"<div style='text-align:right'>{e(data.staff)}</div>")
    return "<html><body style='font-size:9pt'>" + "".join(parts) + "</body></html>"


class ReceiptDocument(QTextDocument):
    """The receipt laid out at the roll's printable width; printing cuts the page to its length.

    A document with its own page size prints as laid out: no 2 cm margins and no page numbers,
    which Qt adds to a document printed without one.
    """

    def __init__(self, html_text: str) -> None:
        super().__init__()
        self.setDocumentMargin(0)
        self.setHtml(html_text)
        self._px_per_mm = QGuiApplication.primaryScreen().logicalDotsPerInchX() / 25.4
        self.setTextWidth(PRINTABLE_MM * self._px_per_mm)
        self.setPageSize(QSizeF(self.textWidth(), self.size().height()))

    def length_mm(self) -> float:
        """The printed content's length on the roll."""
        return self.size().height() / self._px_per_mm

    def print_(self, printer: QPagedPaintDevice) -> None:
        """One page exactly as long as the receipt."""
        size = QPageSize(
            QSizeF(ROLL_WIDTH_MM, self.length_mm() + 2 * END_MARGIN_MM + 1),
            QPageSize.Unit.Millimeter,
            "receipt80",
        )
        printer.setPageLayout(
            QPageLayout(
                size,
                QPageLayout.Orientation.Portrait,
                QMarginsF(SIDE_MARGIN_MM, END_MARGIN_MM, SIDE_MARGIN_MM, END_MARGIN_MM),
                QPageLayout.Unit.Millimeter,
            )
        )
        # the printable rect keeps the document's proportions, so nothing is stretched
        self.setPageSize(QSizeF(self.textWidth(), (self.length_mm() + 1) * self._px_per_mm))
        super().print_(printer)


def document(
    identity: Identity, data: ReceiptData, now: datetime, reprint: bool = False
) -> ReceiptDocument:
    return ReceiptDocument(receipt_html(identity, data, now, reprint))


@dataclass(frozen=True)
class TransitSlip:
    """The slip put in a copy returned here that travels to another point (转运单)."""

    barcode: str
    title: str
    call_number: str
    to_code: str
    to_name: str
    from_name: str
    staff: str


def transit_html(slip: TransitSlip, now: datetime) -> str:
    """Large destination first (the sorter reads it from across the room), then the copy."""
    e = html.escape
    w_title = e(QCoreApplication.translate("Receipt", "转运单"))
    w_to = e(QCoreApplication.translate("Receipt", "送往"))
    w_from = e(QCoreApplication.translate("Receipt", "发自"))
    return (
        "<html><body style='font-size:9pt'>"
        f"<div style='text-align:center'><b>{w_title}</b></div><hr>"
        f"<div>{w_to}</div>"
        f"<div style='font-size:16pt'><b>{e(slip.to_name)}</b></div>"
        f"<div style='font-size:14pt'>{_nowrap(e(slip.to_code))}</div><hr>"
        f"<p>{e(slip.title)}<br>{_nowrap(e(slip.barcode))}&nbsp;&nbsp;"
        f"{_nowrap(e(slip.call_number))}</p>"
        f"<div>{w_from} {e(slip.from_name)} {_nowrap(now.strftime('%Y-%m-%d %H:%M'))}</div>"
        f"<div style='text-align:right'>{e(slip.staff)}</div>"
        "</body></html>"
    )


def receipt_printer(printer_name: str | None = None, pdf_path: Path | None = None) -> QPrinter:
    """An 80 mm roll (the usual desk receipt printer), or a PDF file of the same size; the page
    length is set when the receipt prints (:meth:`ReceiptDocument.print_`)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf_path is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
    elif printer_name:
        printer.setPrinterName(printer_name)
    return printer
