"""MARC import dialog (Holdings page, Ctrl+M): file, format, encoding, holdings field, progress.

The import (``desk_marc.import_file``) runs on the background pool with progress and
cancel. It writes one batch per transaction, so the desk keeps lending while a big file goes in,
and cancel stops between batches: finished batches stay, and importing again finishes the job
(the import is idempotent). The report lists every record with its position and reason and
exports to .xlsx/.csv, also off the GUI thread.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import desk_marc, marc, marc_checks
from ..marc_checks import ImportReport, ReportRow
from .context import UiContext
from .ops import Cancelled, OpHandle
from .widgets import Banner, Table

OUTCOMES = {
    marc_checks.IMPORTED: QT_TRANSLATE_NOOP("MarcImportDialog", "新增"),
    marc_checks.UPDATED: QT_TRANSLATE_NOOP("MarcImportDialog", "更新"),
    marc_checks.UNCHANGED: QT_TRANSLATE_NOOP("MarcImportDialog", "未变"),
    marc_checks.SKIPPED: QT_TRANSLATE_NOOP("MarcImportDialog", "跳过"),
}


translate = QCoreApplication.translate  # literal form, so lupdate sees the context


def _tr(text: str) -> str:
    return QCoreApplication.translate("MarcImportDialog", text)


def where(row: ReportRow) -> str:
    """The byte offset (ISO 2709) or line (MARCXML) of a record, in the user's language."""
    if row.at.offset is not None:
        return translate("MarcImportDialog", "字节 {n}").format(n=row.at.offset)
    if row.at.line is not None:
        return translate("MarcImportDialog", "第 {n} 行").format(n=row.at.line)
    return ""


class MarcImportDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: ImportReport | None = None
        self._op: OpHandle | None = None
        self._export_op: OpHandle | None = None
        self.setWindowTitle(self.tr("导入 MARC 书目"))
        self.resize(980, 620)

        self.path = QLineEdit()
        self.path.setObjectName("MarcPath")
        self.path.setPlaceholderText(self.tr("ISO 2709（.iso/.mrc）或 MARCXML（.xml）文件"))
        self.path.textChanged.connect(self._detect)
        self.browse = QPushButton(self.tr("选择文件…"))
        self.browse.clicked.connect(self.choose_file)
        self.detected = QLabel()
        self.fmt = QComboBox()
        self.fmt.setObjectName("MarcFormat")
        for label, code in (
            (self.tr("自动识别"), "auto"),
            ("ISO 2709", "iso2709"),
            ("MARCXML", "marcxml"),
        ):
            self.fmt.addItem(label, code)
        self.encoding = QComboBox()
        self.encoding.setObjectName("MarcEncoding")
        for label, code in (
            (self.tr("按记录声明（未声明时识别，并在报告中提示）"), "auto"),
            ("UTF-8", "utf-8"),
            ("GB18030 / GBK", "gb18030"),
            ("MARC-8", "marc-8"),
            ("Windows-1251", "cp1251"),
            ("KOI8-R", "koi8-r"),
        ):
            self.encoding.addItem(label, code)
        self.holdings_field = QLineEdit("905")
        self.holdings_field.setObjectName("MarcHoldingsField")
        self.holdings_field.setPlaceholderText("905 / 852$p$h$i")
        self.holdings_field.setToolTip(
            self.tr("馆藏字段：字段号，或 字段号$条码$分类号$书次号，如 852$p$h$i")
        )
        self.material = QComboBox()
        for code in ctx.desk.policy.material_types:
            self.material.addItem(ctx.material_name(code), code)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.tr("文件"), file_row)
        form.addRow("", self.detected)
        form.addRow(self.tr("格式"), self.fmt)
        form.addRow(self.tr("编码"), self.encoding)
        form.addRow(self.tr("馆藏字段"), self.holdings_field)
        form.addRow(self.tr("资料类型"), self.material)

        self.start_button = QPushButton(self.tr("开始导入"))
        self.start_button.setObjectName("MarcStart")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("取消导入"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.export_button = QPushButton(self.tr("导出报告…"))
        self.export_button.clicked.connect(lambda: self.export())
        self.export_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        self.progress = QProgressBar()
        self.progress.setObjectName("MarcProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("%v / %m 条"))
        self.message = Banner()
        self.summary = QLabel()
        self.summary.setObjectName("MarcSummary")
        self.summary.setWordWrap(True)
        self.table = Table(
            [
                self.tr("记录"),
                self.tr("位置"),
                self.tr("结果"),
                "ISBN",
                self.tr("题名"),
                self.tr("新增册"),
                self.tr("原因 / 问题"),
            ],
            stretch=6,
        )
        self.table.setObjectName("MarcReport")
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(buttons)
        lay.addWidget(self.message)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        if path is not None:
            self.path.setText(str(path))
        self.path.setFocus()

    # --- choosing ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择 MARC 文件"),
            self.path.text() or str(Path.home()),
            self.tr("MARC 文件 (*.iso *.mrc *.marc *.dat *.xml);;所有文件 (*)"),
        )
        if name:
            self.path.setText(name)

    def _detect(self, text: str) -> None:
        """Name the format the file looks like, from its first bytes (a small read)."""
        p = Path(text.strip())
        if not text.strip() or not p.is_file():
            self.detected.setText("")
            return
        try:
            with p.open("rb") as f:
                head = f.read(4096)
        except OSError:
            self.detected.setText("")
            return
        kind = "MARCXML" if marc.detect_format(head) == "marcxml" else "ISO 2709"
        self.detected.setText(
            self.tr("识别为 {kind}，{size} KB").format(
                kind=kind, size=max(1, p.stat().st_size // 1024)
            )
        )

    # --- running ----------------------------------------------------------------------------
    def start(self) -> None:
        if self._op is not None:
            return
        if not self.ctx.can("librarian", "admin"):
            self.message.show_kind("error", self.tr("只有馆员或管理员可以导入书目。"))
            return
        raw = self.path.text().strip()
        if not raw:
            self.message.show_kind("error", self.tr("请先选择要导入的 MARC 文件。"))
            return
        try:
            spec = marc.HoldingsSpec.parse(self.holdings_field.text().strip() or None)
        except ValueError:
            self.message.show_kind(
                "error",
                self.tr("馆藏字段应为 905 或 905$b$d$e 这样的格式（字段号$条码$分类号$书次号）。"),
            )
            return
        desk, actor = self.ctx.desk, self.ctx.actor
        path = Path(raw)
        fmt, encoding = str(self.fmt.currentData()), str(self.encoding.currentData())
        material = str(self.material.currentData())

        def run(progress: Any, cancel: Any) -> ImportReport:
            def step(done: int, total: int) -> None:
                # the import sees ``cancel`` itself before its next batch, and reports it
                with contextlib.suppress(Cancelled):
                    progress(done, total, "")

            progress(0, 0, "")  # reading the file: total not known yet
            return desk_marc.import_file(
                desk,
                actor,
                path,
                fmt=fmt,
                encoding=encoding,
                holdings=spec,
                material_type=material,
                progress=step,
                cancel=cancel,
            )

        self.message.clear_message()
        self.summary.setText(self.tr("正在读取文件…"))
        self.table.setRowCount(0)
        self.report = None
        self.progress.setRange(0, 0)  # busy until the file is read
        self._set_running(True)
        op = self.ctx.ops.background("import_marc", run, with_control=True)
        self._op = op
        op.progress.connect(self._progress)
        op.finished.connect(self._done)
        op.failed.connect(self._failed)
        op.cancelled.connect(self._cancelled_early)

    def cancel(self) -> None:
        if self._op is not None:
            self._op.cancel()
            self.cancel_button.setEnabled(False)
            self.summary.setText(self.tr("正在取消：本批写完后停止…"))

    def _set_running(self, running: bool) -> None:
        for w in (self.start_button, self.browse, self.path, self.fmt, self.encoding):
            w.setEnabled(not running)
        self.holdings_field.setEnabled(not running)
        self.material.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)
        self.export_button.setEnabled(not running and self.report is not None)

    def _progress(self, done: int, total: int, _what: str) -> None:
        if total <= 0:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if self._op is not None and not self._op.token.is_set():
            self.summary.setText(
                self.tr("已处理 {done} / {total} 条…").format(done=done, total=total)
            )

    def _done(self, report: ImportReport) -> None:
        self._op = None
        self.report = report
        self._set_running(False)
        total = len(report.rows)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(total)
        self.show_report(report)
        if report.summary["imported"] or report.summary["updated"] or report.summary["items_added"]:
            self.ctx.data_changed.emit("holdings")

    def _failed(self, exc: object) -> None:
        self._op = None
        self._set_running(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.summary.setText("")
        self.message.show_kind("error", self.ctx.message(exc))

    def _cancelled_early(self) -> None:
        """Cancelled before the import began (while the file was read): nothing was written."""
        self._op = None
        self._set_running(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.summary.setText(self.tr("已取消，未导入任何记录。"))

    def show_report(self, report: ImportReport) -> None:
        s = report.summary
        text = self.tr(
            "共 {records} 条记录：新增 {imported} 种，更新 {updated} 种，未变 {unchanged} 种，"
            "跳过 {skipped} 条；新增 {items} 册，单册问题 {problems} 个。"
        ).format(
            records=s["records"],
            imported=s["imported"],
            updated=s["updated"],
            unchanged=s["unchanged"],
            skipped=s["skipped"],
            items=s["items_added"],
            problems=s["item_problems"],
        )
        if report.cancelled:
            text += self.tr("导入已取消：已完成的批次已保存，再次导入同一文件即可继续。")
            self.message.show_kind("error", self.tr("导入已取消。"))
        elif s["skipped"]:
            self.message.show_kind(
                "error", self.tr("有 {n} 条记录被跳过，原因见下表。").format(n=s["skipped"])
            )
        else:
            self.message.show_kind("ok", self.tr("导入完成。"))
        self.summary.setText(text)
        # problems first: staff read what needs fixing without scrolling past good records
        rows = sorted(
            report.rows,
            key=lambda r: (
                r.outcome != marc_checks.SKIPPED and not r.item_problems and not r.warnings,
                r.number,
            ),
        )
        self.table.setRowCount(0)
        lang = self.ctx.lang
        sep = "; " if lang == "en" else "；"
        for r in rows:
            # how a record was read matters for one that went in; a skipped one shows why
            warned = r.warning_texts(lang) if r.outcome != marc_checks.SKIPPED else []
            texts = [r.reason_text(lang), *r.problem_texts(lang), *warned]
            reason = sep.join(x for x in texts if x)
            self.table.add_row(
                [
                    r.number,
                    where(r),
                    _tr(OUTCOMES.get(r.outcome, r.outcome)),
                    r.isbn,
                    r.title,
                    r.items_added,
                    reason,
                ],
                warn=r.outcome == marc_checks.SKIPPED or bool(r.item_problems or r.warnings),
            )
            self.table.item(self.table.rowCount() - 1, 6).setToolTip(
                f"{r.position(lang)}\n{reason}".strip()
            )

    # --- export -----------------------------------------------------------------------------
    def export(self, path: Path | None = None) -> OpHandle | None:
        report = self.report
        if report is None or self._export_op is not None:
            return None
        if path is None:
            default = Path(report.file).with_suffix(".report.xlsx")
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("导出导入报告"),
                str(default),
                self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
            )
            if not name:
                return None
            path = Path(name)
        self.export_button.setEnabled(False)
        op = self.ctx.ops.background(
            "marc_report", functools.partial(report.export, path, self.ctx.lang)
        )
        self._export_op = op
        op.finished.connect(self._exported)
        op.failed.connect(self._export_failed)
        return op

    def _exported(self, path: Path) -> None:
        self._export_op = None
        self.export_button.setEnabled(True)
        self.message.show_kind("ok", self.tr("报告已导出：{path}").format(path=path))

    def _export_failed(self, exc: object) -> None:
        self._export_op = None
        self.export_button.setEnabled(True)
        self.message.show_kind("error", self.ctx.message(exc))

    def reject(self) -> None:
        """Esc / Close: not while an import is writing (cancel first, then close)."""
        if self._op is not None:
            self.cancel()
            return
        super().reject()
