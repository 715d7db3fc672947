"""Application entry: ``run(data_dir, lang)`` opens the desk on a store.

Flow: QApplication with fonts and translator -> open the store, or the first-run setup on an
empty one -> sign-in -> main window. The signed-in actor lives in the :class:`UiContext` and goes
on every ``desk.write``. Changing the language rebuilds the window under the new translator.
"""

from __future__ import annotations

import contextlib
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTimer,
    QTranslator,
)
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ..backup import auto_backup, restore
from ..clock import desk_clock
from ..desk import Desk
from ..errors import DeskError, current_locale
from ..services import retention
from ..services.context import SYSTEM, Actor
from ..sync.engine import SyncEngine
from .context import UiContext
from .main_window import MainWindow
from .ops import Ops
from .setup import SetupDialog
from .signin import SignInDialog
from .statusinfo import engine_status
from .theme import apply_base

APP_NAME = "xclib-desk"
ORG_NAME = "xclib"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME))


def i18n_dir() -> Path:
    return Path(str(resources.files("xclib_desk").joinpath("resources/i18n")))


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QApplication.setOrganizationName(ORG_NAME)
        QApplication.setApplicationName(APP_NAME)
        app = QApplication(sys.argv[:1])
        apply_base(app)
    assert isinstance(app, QApplication)
    return app


_translators: list[QTranslator] = []

#: Strings Qt's own zh_CN catalogue lacks: Qt 6's file dialog labels gained an accelerator
#: ("&Look in:"), the shipped qtbase_zh_CN.qm still has only the old ones ("Look in:").
QT_ZH_GAPS = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


class QtGaps(QTranslator):
    """The last translator asked (installed first): what no .qm knows, from :data:`QT_ZH_GAPS`;
    None for anything else, so Qt keeps the source text."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return QT_ZH_GAPS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def install_translator(app: QApplication, lang: str) -> str:
    """Chinese is the source language; English comes from ``xclib_desk_en.qm``.

    Qt's own strings (standard dialog buttons, print dialog) come from Qt's catalogue.
    """
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    lang = "en" if lang.lower().startswith("en") else "zh"
    QLocale.setDefault(
        QLocale(QLocale.Language.English if lang == "en" else QLocale.Language.Chinese)
    )
    if lang == "zh":
        gaps = QtGaps(app)
        app.installTranslator(gaps)
        _translators.append(gaps)
    ours = QTranslator(app)
    if ours.load(str(i18n_dir() / f"xclib_desk_{lang}.qm")):
        app.installTranslator(ours)
        _translators.append(ours)
    qt = QTranslator(app)
    qt_name = "qtbase_en" if lang == "en" else "qtbase_zh_CN"
    if qt.load(qt_name, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _translators.append(qt)
    return lang


def make_sync_engine(desk: Desk) -> Any | None:
    """The sync engine, or None if it cannot start; the desk works fully without one."""
    try:
        return SyncEngine(desk)
    except Exception:
        return None


def open_store(data_dir: Path, lang: str) -> Desk | None:
    """The store, or the first-run setup when the directory holds none."""
    try:
        return Desk.open(data_dir, desk_clock())  # XCLIB_DESK_NOW: the app at a set time
    except DeskError as exc:
        if exc.code != "store_not_initialised":
            raise
    data_dir.mkdir(parents=True, exist_ok=True)
    dlg = SetupDialog(data_dir, lang)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    return dlg.desk


class DeskApp(QObject):
    """Owns the desk, the ops lanes and the current main window."""

    def __init__(self, app: QApplication, desk: Desk, lang: str, engine: Any | None) -> None:
        super().__init__()
        self.app, self.desk, self.lang, self.engine = app, desk, lang, engine
        self.ops = Ops(self)
        self.window: Any = None
        self.ctx: UiContext | None = None
        self.daily_backup = QTimer(self)

    def sign_in(self, parent: QWidget | None = None) -> Actor | None:
        """The staff member signing in; over ``parent`` (the locked window) at a shift change."""
        dlg = SignInDialog(self.desk, self.ops, self.lang, parent, shift=parent is not None)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.actor

    def show_main(self, actor: Actor) -> Any:
        self.ctx = UiContext(self.desk, actor, self.lang, self.ops)
        self.ctx.sync_engine = self.engine
        self.window = MainWindow(self.ctx)
        self.window.settings.language_changed.connect(self.change_language)
        self.window.switch_staff_requested.connect(self.switch_staff)
        # a desk PC runs the desk and nothing else: the whole screen (1366×768 fits)
        self.window.showMaximized()
        return self.window

    def close(self) -> None:
        """Stop background work and close the store; committed events are already on disk."""
        if self.window is not None:
            self.window.timer.stop()
        self.daily_backup.stop()
        self.ops.shutdown()
        if self.engine is not None and hasattr(self.engine, "stop_background"):
            with contextlib.suppress(Exception):
                self.engine.stop_background()
        self.desk.close()

    def change_language(self, lang: str) -> None:
        """Rebuild the window: every string is created under the translator in force."""
        if self.ctx is None:
            return
        self.lang = install_translator(self.app, lang)
        self._rebuild(self.ctx.actor)

    def switch_staff(self) -> None:
        """Shift change (Ctrl+L): the window locks and stays shown under the sign-in box (Qt
        quits when its last window closes: a hidden window plus a closing box ended the
        program); the window is rebuilt for the next staff member's role, and the previous
        one's reader session is gone with the old window. Cancelled, the desk stays locked:
        nobody works as the one who left."""
        if self.ctx is None:
            return
        self.window.lock()
        actor = self.sign_in(self.window)
        if actor is not None:
            self._rebuild(actor)

    def _rebuild(self, actor: Actor) -> None:
        old = self.window
        page = old.nav.currentRow()
        old.timer.stop()
        old.status_soon.stop()
        # let answers already on their way reach the old window before it goes
        self.ops.serial_pool.waitForDone(5000)
        self.ops.background_pool.waitForDone(5000)
        self.app.processEvents()
        maximised = old.isMaximized()
        normal = old.normalGeometry() if maximised else old.geometry()
        new = self.show_main(actor)  # shown before the old one goes: never no window at all
        if maximised:
            new.setGeometry(normal)  # where it goes if staff un-maximise it
            new.showMaximized()
        else:
            new.showNormal()
            new.setGeometry(normal)
        new.nav.setCurrentRow(page)
        new.activateWindow()  # the scan field takes the next keystroke
        old.hide()
        old.deleteLater()


def launch(data_dir: Path | None = None, lang: str | None = None) -> DeskApp | int:
    """Everything up to the shown main window (setup, sign-in); an exit code if it stops short.

    Split from :func:`run` so tests and tools can drive the real start without the event loop.
    """
    app = ensure_app()
    chosen = lang or str(QSettings().value("lang", "") or "") or current_locale()
    chosen = install_translator(app, chosen)
    path = data_dir or default_data_dir()
    try:
        desk = open_store(path, chosen)
    except DeskError as exc:
        desk = _recover(path, chosen, exc)
        if desk is None:
            return 2
    if desk is None:
        return 1
    engine = make_sync_engine(desk)
    if engine_status(engine) is not None:  # enrolled: sync on a timer, with backoff on failure
        with contextlib.suppress(Exception):  # an engine that cannot start keeps the desk offline
            engine.start_background(60)
    shell = DeskApp(app, desk, chosen, engine)
    actor = shell.sign_in()
    if actor is None:
        shell.close()
        return 1
    shell.show_main(actor)

    # the daily backup (integrity check first, rotation), off the GUI thread; at most one a day;
    # and loan-history retention (统一管理体系): anonymise what the package no longer allows to
    # keep. Retention writes, so it queues on the serial lane; with nothing due it is one query.
    def backup_now() -> None:
        shell.ops.background("backup", lambda: auto_backup(path))
        shell.ops.serial("retention", lambda: shell.desk.write(retention.run, SYSTEM))

    shell.daily_backup.timeout.connect(backup_now)
    shell.daily_backup.start(60 * 60 * 1000)  # hourly look; auto_backup makes one per day
    backup_now()
    return shell


def _recover(path: Path, lang: str, exc: DeskError) -> Desk | None:
    """A damaged store was set aside: offer the latest good backup, restore it, open it."""
    backup_file = exc.params.get("backup", "-")
    if exc.code != "store_corrupt_set_aside" or backup_file == "-":
        QMessageBox.critical(None, "xclib-desk", exc.message(lang))
        return None
    answer = QMessageBox.question(
        None,
        "xclib-desk",
        exc.message(lang) + "\n\n" + QCoreApplication.translate("app", "现在从该备份恢复吗？"),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        report = restore(path, Path(backup_file))
        desk = open_store(path, lang)
    except DeskError as again:
        QMessageBox.critical(None, "xclib-desk", again.message(lang))
        return None
    QMessageBox.information(
        None,
        "xclib-desk",
        QCoreApplication.translate("app", "已从备份恢复：{n} 个事件，其中 {p} 个待同步。").format(
            n=report.restored.events, p=report.restored.pending_events
        ),
    )
    return desk


def run(data_dir: Path | None = None, lang: str | None = None) -> int:
    """Open the desk application; returns the process exit code.

    ``lang``: "zh" or "en"; None uses the language saved in Settings, else XCLIB_LANG, else zh.
    """
    shell = launch(data_dir, lang)
    if isinstance(shell, int):
        return shell
    code = shell.app.exec()
    shell.close()
    return int(code)
