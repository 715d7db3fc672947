"""The application entry as a newcomer meets it: empty store -> setup -> sign-in -> main window."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from xclib_desk.clock import NOW_ENV
from xclib_desk.desk import Desk
from xclib_desk.services import staff
from xclib_desk.ui.app import DeskApp, launch
from xclib_desk.ui.main_window import MainWindow
from xclib_desk.ui.setup import SetupDialog, _initialise_and_enrol
from xclib_desk.ui.signin import SignInDialog


def test_first_run_sets_up_signs_in_and_opens_the_branded_window(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, str] = {}

    def step() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, SetupDialog) and "setup" not in seen:
            seen["setup"] = "shown"
            modal.point_code.setText("xc-t01")
            modal.point_name.setText("测试社区服务点")
            modal.level.setCurrentIndex(modal.level.findData("community"))
            modal.admin_name.setText("王管理")
            modal.admin_pw.setText("short")
            modal.admin_pw2.setText("short")
            modal.submit()
            seen["short_password"] = modal.error.text()
            modal.admin_pw.setText("admin1234")
            modal.admin_pw2.setText("admin1234")
            modal.submit()
        elif isinstance(modal, SignInDialog) and "signin" not in seen:
            seen["signin"] = modal.windowTitle()
            modal.code.setText("admin")
            modal.password.setText("admin1234")
            modal.submit()
        else:
            for w in QApplication.topLevelWidgets():
                if isinstance(w, MainWindow) and w.isVisible() and "main" not in seen:
                    seen["main"] = w.windowTitle()
                    seen["staff"] = w.signed_in.text()
                    return
        QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)
    shell = launch(tmp_path / "store", "zh")
    assert isinstance(shell, DeskApp)
    qtbot.addWidget(shell.window)
    qtbot.waitUntil(lambda: "main" in seen)
    shell.window.close()
    shell.close()
    assert seen["short_password"] == "密码至少 8 位。"
    assert seen["signin"] == "登录 — 西城区图书馆·测试社区服务点"
    assert seen["main"] == "西城区图书馆·测试社区服务点 — 借还服务台"
    assert "王管理（admin，管理员）" in seen["staff"]
    desk = Desk.open(tmp_path / "store")
    try:
        assert desk.point.code == "XC-T01"
        assert [s.code for s in desk.read(staff.list_staff)] == ["admin"]
    finally:
        desk.close()


def test_language_switch_rebuilds_the_window_in_english(desk, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui_helpers import FRONT

    from xclib_desk.ui.app import ensure_app, install_translator

    app = ensure_app()
    shell = DeskApp(app, desk, "zh", None)
    first = shell.show_main(FRONT)  # not given to qtbot: the switch deletes it (deleteLater)
    first.nav.setCurrentRow(4)
    try:
        assert first.nav.item(0).text().startswith("借还")
        settings = first.settings
        settings.language.setCurrentIndex(settings.language.findData("en"))
        second = shell.window
        qtbot.wait(50)  # the old window's deferred deletion happens in the event loop
        assert second is not first
        assert second.nav.item(0).text().startswith("Circulation")
        assert second.nav.currentRow() == 4  # stays on the page staff were on
        assert second.circulation.mode_label.text() == "Check out"
    finally:
        shell.window.close()  # stops its timers and waits for the ops lanes
        install_translator(app, "zh")


def test_shift_change_signs_in_the_next_staff_member(desk, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui_helpers import FRONT, on_next_modal

    from xclib_desk.ui.app import ensure_app

    app = ensure_app()
    shell = DeskApp(app, desk, "zh", None)
    first = shell.show_main(FRONT)  # deleted by the switch, so not given to qtbot
    assert "张前台" in first.signed_in.text()
    assert not first.holdings.add_title_button.isEnabled()  # a front-desk role may not catalogue

    def sign_in(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.code.setText("lib")
        dialog.password.setText("lib12345")
        dialog.submit()

    shortcuts = {a.shortcut().toString() for a in first.actions()}
    assert "Ctrl+L" in shortcuts
    on_next_modal(sign_in)
    first.switch_staff_requested.emit()  # what Ctrl+L triggers
    second = shell.window
    try:
        assert second is not first
        assert "李馆员（lib，馆员）" in second.signed_in.text()
        assert second.holdings.add_title_button.isEnabled()
        assert shell.ctx is not None and shell.ctx.actor.staff_code == "lib"
    finally:
        second.close()


def test_setup_keeps_the_apps_set_time(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``--now`` (XCLIB_DESK_NOW) runs the whole app at a set time: the store setup creates is
    stamped with it too, or its first events would be dated before the rest of the day."""
    monkeypatch.setenv(NOW_ENV, "2027-03-01T09:30:00+08:00")
    point = {"point_code": "XC-T02", "point_name": "测试街道", "level": "street"}
    admin = {"code": "admin", "name": "王管理", "password": "admin1234"}
    _initialise_and_enrol(tmp_path / "store", point, admin, "", "").close()
    with sqlite3.connect(tmp_path / "store" / "store.sqlite3") as db:
        stamps = {row[0][:10] for row in db.execute("SELECT wall_time FROM outbox_event")}
    assert stamps == {"2027-03-01"}
