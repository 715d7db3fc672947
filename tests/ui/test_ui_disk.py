"""The window on a full disk: the scans are kept, the banner says so, the status bar warned.

The desk's store lives on a real 4 MB tmpfs (``disk_fixtures``) that the test fills to the last
byte, so SQLite refuses exactly as it would on a point's old PC.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from disk_fixtures import fill, free, small_disk  # noqa: F401 - the fixture
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sync_fixtures import HubProc, hub  # noqa: F401 - the hub fixture
from ui_helpers import FRONT, scan

from xclib_desk.clock import FixedClock
from xclib_desk.desk import Desk
from xclib_desk.sync.engine import SyncEngine
from xclib_desk.sync.tokens import FileTokenStore
from xclib_desk.ui.app import install_translator
from xclib_desk.ui.context import UiContext
from xclib_desk.ui.main_window import LOW_DISK_MB, MainWindow


@pytest.fixture()
def desk(  # the store on the small disk, instead of conftest's roomy tmp_path
    template_store: Path,
    small_disk: Path,  # noqa: F811 - the fixture
    clock: FixedClock,
) -> Iterator[Desk]:
    path = small_disk / "desk"
    shutil.copytree(template_store, path)
    d = Desk.open(path, clock)
    yield d
    d.close()


def test_scans_on_a_full_disk_are_kept_and_done_after_retry(  # type: ignore[no-untyped-def]
    window,
    kit,
    qtbot,
    small_disk: Path,  # noqa: F811 - the fixture
) -> None:
    card = kit.reader(name="李小明")
    first, second, third = kit.items(3)
    page = window.circulation
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.r_name.text() == "李小明")
    scan(qtbot, page.scan, first)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)

    fill(small_disk)
    scan(qtbot, page.scan, second)
    qtbot.waitUntil(lambda: page.retry_button.isVisible())
    banner = page.disk_banner.text()
    assert "磁盘已满" in banner and "数据完好" in banner and "已保留 1 次扫描" in banner
    assert "Traceback" not in banner and "损坏" not in banner
    scan(qtbot, page.scan, third)  # behind the kept one, in scan order
    qtbot.waitUntil(lambda: "已保留 2 次扫描" in page.disk_banner.text())
    scan(qtbot, page.scan, second)  # scanned again: already kept, not twice
    qtbot.waitUntil(lambda: "已在待重试" in page.message.text())
    assert [s.barcode for s in page.held] == [second, third]
    assert kit.counts()["open_loans"] == 1  # nothing half done
    window.refresh_status()
    assert "磁盘已满" in window.st_disk.text() and window.st_disk.isVisible()

    free(small_disk)
    page.retry_button.click()
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 3)
    assert page.held == [] and not page.disk_banner.isVisible()
    assert kit.counts()["open_loans"] == 3
    assert set(page.loans_table.column_texts(0)) == {first, second, third}
    window.refresh_status()  # 4 MB is still below the 200 MB the desk wants: a warning only
    assert "磁盘空间不足" in window.st_disk.toolTip() and "MB" in window.st_disk.text()


def test_the_status_bar_warns_below_the_desk_setting(window) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings()
    try:
        free_mb = shutil.disk_usage(window.ctx.desk.data_dir).free >> 20
        settings.setValue("low_disk_mb", free_mb + 1)  # just more than there is
        window.refresh_status()
        assert window.st_disk.isVisible()
        assert "磁盘空间不足" in window.st_disk.toolTip()  # the whole sentence
        assert f"{free_mb} MB" in window.st_disk.text()  # the bar: a few words
        settings.setValue("low_disk_mb", 0)
        window.refresh_status()
        assert not window.st_disk.isVisible()
    finally:
        settings.remove("low_disk_mb")
    assert LOW_DISK_MB == 200  # the documented default


#: what a raw library error would show; none of it may reach a clerk
RAW = ("HTTPConnectionPool", "Errno", "Error", "Traceback", "Max retries", "urllib3", "requests")


def test_the_last_sync_failure_is_said_in_words(  # type: ignore[no-untyped-def]
    hub: HubProc,  # noqa: F811 - the fixture
    tmp_path: Path,
    qtbot,
) -> None:
    """A real engine, enrolled with a real hub that then goes away: the status bar and the
    Sync page say why, in words, in both languages."""
    code = "".join(c for c in "UID" + tmp_path.name[-6:].upper() if c.isalnum())[:12]
    desk = Desk.initialise(
        tmp_path / "desk", point_code=code, point_name="磁盘测试点", level="community"
    )
    hub.add_point(code, name="磁盘测试点")
    engine = SyncEngine(desk, tokens=FileTokenStore(desk.data_dir), timeout=5)
    engine.enrol(hub.url, hub.enrol_code(code))
    windows = []
    try:
        hub.stop()  # the network is down
        assert not engine.run_once().ok
        for lang, expected, expected_page in (
            ("zh", "无法连接区馆中心", "无法连接区馆中心"),
            ("en", "cannot reach the hub", "Cannot reach the hub"),
        ):
            install_translator(QApplication.instance(), lang)  # type: ignore[arg-type]
            ctx = UiContext(desk, FRONT, lang)
            ctx.sync_engine = engine
            window = MainWindow(ctx)
            windows.append(window)
            qtbot.addWidget(window)
            window.refresh_status()
            qtbot.waitUntil(lambda w=window: w.st_sync_error.text() != "", timeout=10_000)
            text, full = window.st_sync_error.text(), window.st_sync_error.toolTip()
            assert expected in full and "Error" not in full + text and hub.url not in full + text
            # the Sync page, asked to sync now, says it in words too (banner and summary)
            page = window.sync
            window.nav.setCurrentRow(window.stack.indexOf(page))
            page.sync_now()
            qtbot.waitUntil(lambda p=page: p._sync_op is None, timeout=30_000)
            qtbot.waitUntil(lambda p=page: "\n" in p.summary.text(), timeout=10_000)
            said = page.message.text() + "\n" + page.summary.text()
            assert page.message.kind == "error", said
            assert expected_page in page.message.text() and expected_page in page.summary.text()
            assert not any(raw in said for raw in RAW), said
    finally:
        install_translator(QApplication.instance(), "zh")  # type: ignore[arg-type]
        for window in windows:
            window.timer.stop()
            window.ctx.ops.shutdown()
        if hub.proc is None:
            hub.start()
        desk.close()


def test_setup_refuses_a_hub_address_in_clear(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from xclib_desk.ui.setup import SetupDialog

    target = tmp_path / "store"
    dlg = SetupDialog(target, "zh")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.enrol.setChecked(True)
    dlg.enrol_code.setText("ABCD-1234")
    dlg.point_code.setText("XC-NEW")
    dlg.point_name.setText("新服务点")
    dlg.admin_name.setText("王管理")
    dlg.admin_pw.setText("admin1234")
    dlg.admin_pw2.setText("admin1234")
    dlg.hub_url.setText("http://hub.xclib.example")
    dlg.submit()
    assert dlg.error.isVisible() and "未加密" in dlg.error.text()
    assert not target.exists()  # refused before anything was made
    dlg.hub_url.setText("hub.xclib.example")
    dlg.submit()
    assert "无效" in dlg.error.text()
    assert not target.exists()


def test_a_failure_in_an_operation_is_said_plainly(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    def bug() -> None:
        raise RuntimeError("internal detail\nTraceback (most recent call last): ...")

    def export() -> None:
        with open("/proc/sys/report.xlsx", "wb"):  # a folder that makes no files
            pass

    for fn, says in ((bug, "操作未完成"), (export, "无法使用 /proc/sys/report.xlsx")):
        op = window.ctx.ops.serial("job", fn)
        with qtbot.waitSignal(op.failed, timeout=5000) as failed:
            pass
        text = window.ctx.message(failed.args[0])
        assert says in text and "Traceback" not in text and "internal detail" not in text
