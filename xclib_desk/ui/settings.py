"""设置 Settings: language, receipt printer, where the store lives, and versions for support."""

from __future__ import annotations

import platform
import sqlite3

import PySide6
from PySide6.QtCore import QSettings, Qt, QUrl, Signal, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from .context import UiContext
from .widgets import Banner

LANGUAGES = (("zh", "中文"), ("en", "English"))


class SettingsPage(QWidget):
    language_changed = Signal(str)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        settings = QSettings()
        self.message = Banner()

        lang_box = QGroupBox(self.tr("语言"))
        self.language = QComboBox()
        self.language.setObjectName("Language")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(ctx.lang), 0))
        self.language.currentIndexChanged.connect(self._language)
        ll = QFormLayout(lang_box)
        ll.addRow(self.tr("界面语言"), self.language)

        printer_box = QGroupBox(self.tr("凭条打印机"))
        self.printer = QComboBox()
        self.printer.addItem(self.tr("（系统默认打印机）"), "")
        for name in QPrinterInfo.availablePrinterNames():
            self.printer.addItem(name, name)
        saved = str(settings.value("printer", "") or "")
        self.printer.setCurrentIndex(max(self.printer.findData(saved), 0))
        self.printer.currentIndexChanged.connect(self._printer)
        pl = QFormLayout(printer_box)
        pl.addRow(self.tr("打印机"), self.printer)
        pl.addRow(QLabel(self.tr("凭条按 80 毫米热敏纸排版；也可在借还页存为 PDF。")))

        store_box = QGroupBox(self.tr("数据存放位置"))
        self.store_path = QLabel(str(ctx.desk.data_dir))
        self.store_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_button = QPushButton(self.tr("打开文件夹"))
        open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(ctx.desk.data_dir)))
        )
        sl = QHBoxLayout(store_box)
        sl.addWidget(self.store_path, 1)
        sl.addWidget(open_button)

        about_box = QGroupBox(self.tr("关于"))
        policy = ctx.desk.policy
        self.about = QLabel(
            "<br>".join(
                [
                    f"<b>xclib-desk {__version__}</b>",
                    self.tr("服务点：{name}（{code}）").format(
                        name=ctx.desk.point.name, code=ctx.desk.point.code
                    ),
                    self.tr("设备编号：{id}").format(id=ctx.desk.device_id),
                    self.tr("现行标准包：v{v} {title}").format(
                        v=policy.version, title=policy.package.title
                    ),
                    f"Python {platform.python_version()} · Qt {qVersion()} · "
                    f"PySide6 {PySide6.__version__} · SQLite {sqlite3.sqlite_version}",
                ]
            )
        )
        self.about.setObjectName("About")
        self.about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        al = QVBoxLayout(about_box)
        al.addWidget(self.about)

        lay = QVBoxLayout(self)
        lay.addWidget(self.message)
        for box in (lang_box, printer_box, store_box, about_box):
            lay.addWidget(box)
        lay.addStretch(1)

    def activated(self) -> None:
        self.language.setFocus()

    def _language(self) -> None:
        code = str(self.language.currentData())
        QSettings().setValue("lang", code)
        self.language_changed.emit(code)

    def _printer(self) -> None:
        QSettings().setValue("printer", str(self.printer.currentData() or ""))
        self.message.show_kind("ok", self.tr("已保存打印机设置。"))
