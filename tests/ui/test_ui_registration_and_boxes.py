"""Forms a clerk fills with a scanner and the keyboard, checked by keystrokes.

Reader registration: a card scan's Enter moves on (never submits a blank form), the ID number
stays readable while the form is open and its refusal reads in full. Box receipt: finishing with
copies not scanned asks first, and only a Yes marks them missing. Sync with the hub down: the
page says why in the user's words, never the HTTP library's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from sqlalchemy import select
from sync_fixtures import HubProc, Station, hub, station  # noqa: F401 - fixtures
from ui_helpers import FRONT, LIBRARIAN, on_next_modal, scan, type_text

from xclib_desk.desk import Desk
from xclib_desk.models import Item
from xclib_desk.services import readers, shipments
from xclib_desk.sync.engine import SyncEngine
from xclib_desk.sync.tokens import FileTokenStore
from xclib_desk.ui.app import install_translator
from xclib_desk.ui.context import UiContext
from xclib_desk.ui.main_window import MainWindow
from xclib_desk.ui.readers import ReaderForm

ENTER = Qt.Key.Key_Return


def open_form(window: MainWindow, qtbot: Any) -> ReaderForm:
    dlg = ReaderForm(window.ctx, None, window.readers)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_a_card_scan_moves_on_and_enter_in_the_address_registers(  # type: ignore[no-untyped-def]
    window, kit, qtbot
) -> None:
    before = kit.counts()
    dlg = open_form(window, qtbot)
    assert dlg.focusWidget() is dlg.card
    scan(qtbot, dlg.card, "XC00000101")  # the scanner's Enter
    assert dlg.focusWidget() is dlg.name  # moved on, nothing submitted
    qtbot.wait(50)
    assert not dlg.error.isVisible() and dlg.isVisible()
    assert kit.counts() == before

    type_text(qtbot, dlg.name, "钱多多")
    qtbot.keyClick(dlg.name, ENTER)
    assert dlg.focusWidget() is dlg.rtype
    qtbot.keyClick(dlg.rtype, ENTER)
    assert dlg.focusWidget() is dlg.id_number
    number = kit.id_number(40)
    qtbot.keyClicks(dlg.id_number, number)
    qtbot.keyClick(dlg.id_number, ENTER)
    assert dlg.focusWidget() is dlg.phone
    # left the field: still readable, to compare with the card in hand
    assert dlg.id_number.echoMode() == QLineEdit.EchoMode.Normal
    assert dlg.id_number.displayText() == number
    qtbot.keyClicks(dlg.phone, "13800002222")
    qtbot.keyClick(dlg.phone, ENTER)
    assert dlg.focusWidget() is dlg.address
    assert kit.counts() == before  # still nothing saved
    type_text(qtbot, dlg.address, "西城区示例街1号")
    qtbot.keyClick(dlg.address, ENTER)  # the last field for an adult: saves
    qtbot.waitUntil(lambda: dlg.result_view is not None)
    assert dlg.result_view is not None
    assert dlg.result_view.name == "钱多多"
    assert dlg.result_view.id_masked == number[:4] + "*" * 10 + number[-4:]  # masked once saved
    found = window.ctx.desk.read(readers.search, FRONT, "XC00000101")
    assert [r.id_masked for r in found] == [dlg.result_view.id_masked]


def test_a_blank_form_is_saved_only_when_asked_and_then_refused_in_words(  # type: ignore[no-untyped-def]
    window, kit, qtbot
) -> None:
    before = kit.counts()
    dlg = open_form(window, qtbot)
    for _ in range(8):  # Enter through every field: it only moves on, never saves
        qtbot.keyClick(dlg.focusWidget(), ENTER)
        if dlg.focusWidget() is dlg.address:
            break
    assert dlg.focusWidget() is dlg.address
    qtbot.wait(50)
    assert not dlg.error.isVisible()
    scan(qtbot, dlg.card, "XC00000102")
    qtbot.keyClick(dlg.name, ENTER, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves
    qtbot.waitUntil(lambda: dlg.error.isVisible())
    assert "姓名" in dlg.error.text()
    assert dlg.isVisible() and kit.counts() == before


def test_a_child_moves_on_to_the_guardian_and_enter_there_registers(  # type: ignore[no-untyped-def]
    window, kit, qtbot
) -> None:
    dlg = open_form(window, qtbot)
    scan(qtbot, dlg.card, "XC00000103")
    type_text(qtbot, dlg.name, "孙小宝")
    number = kit.id_number(8)
    qtbot.keyClicks(dlg.id_number, number)
    assert dlg.rtype.currentData() == "child"
    dlg.address.setFocus()
    qtbot.keyClick(dlg.address, ENTER)
    assert dlg.focusWidget() is dlg.guardian_name  # a child's form ends with the guardian
    type_text(qtbot, dlg.guardian_name, "孙大宝")
    qtbot.keyClick(dlg.guardian_name, ENTER)
    assert dlg.focusWidget() is dlg.guardian_phone
    qtbot.keyClicks(dlg.guardian_phone, "13900003333")
    qtbot.keyClick(dlg.guardian_phone, ENTER)
    qtbot.waitUntil(lambda: dlg.result_view is not None)
    assert dlg.result_view is not None and dlg.result_view.guardian_name == "孙大宝"


def fully_shown(label: QWidget, dlg: QWidget) -> bool:
    """The label has the height its wrapped text needs and lies inside the dialog."""
    inside = dlg.rect().contains(QRect(label.mapTo(dlg, QPoint(0, 0)), label.size()))
    needs = label.heightForWidth(label.width())
    return inside and label.height() >= needs and label.width() <= dlg.width()


def test_the_id_number_refusal_reads_in_full_in_both_languages(  # type: ignore[no-untyped-def]
    make_window, kit, qtbot
) -> None:
    number = kit.id_number(30)
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    for lang, words in (("zh", "校验位错误"), ("en", "check character")):
        window = make_window(lang=lang)
        dlg = open_form(window, qtbot)
        assert dlg.width() < 1366 and dlg.height() < 768
        qtbot.keyClicks(dlg.id_number, bad)
        assert words in dlg.id_check.text()
        qtbot.waitUntil(lambda d=dlg: fully_shown(d.id_check, d))
        assert dlg.id_number.displayText() == bad  # the clerk sees what was typed
        dlg.close()


# --- box receipt ------------------------------------------------------------------------------


def status_of(st: Station, barcode: str) -> str:
    with st.desk.session(write=False) as s:
        return s.scalars(select(Item.status).where(Item.barcode == barcode)).one()


def open_window(st: Station, qtbot: Any) -> MainWindow:
    ctx = UiContext(st.desk, LIBRARIAN, "zh")
    ctx.sync_engine = st.engine
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # Ctrl+Enter is a page shortcut
    return window


def test_finishing_with_unscanned_copies_asks_and_esc_changes_nothing(  # type: ignore[no-untyped-def]
    hub: HubProc,  # noqa: F811
    station,  # noqa: F811
    qtbot,
) -> None:
    hall, point = station("district"), station()
    books = [hall.item() for _ in range(8)]
    hall.sync()
    point.sync()
    box = hall.desk.write(shipments.new_shipment, LIBRARIAN, point.code, "新书配送")
    for bc in books:
        hall.desk.write(shipments.add_item, LIBRARIAN, box.uid, bc)
    hall.desk.write(shipments.dispatch, LIBRARIAN, box.uid)
    hall.sync()
    point.sync()

    window = open_window(point, qtbot)
    asked: list[str] = []

    def answer(key: Qt.Key) -> Any:
        def act(dlg: QWidget) -> None:
            assert isinstance(dlg, QMessageBox)
            asked.append(dlg.text() + "\n" + dlg.informativeText())
            qtbot.keyClick(dlg, key)

        return act

    try:
        panel = window.shipments.receive
        window.nav.setCurrentRow(window.stack.indexOf(window.shipments))
        qtbot.waitUntil(lambda: panel.incoming_table.rowCount() == 1)
        qtbot.keyClick(panel.incoming_table, ENTER)
        qtbot.waitUntil(lambda: panel.box is not None and panel.scan.isEnabled())
        scan(qtbot, panel.scan, books[0])
        qtbot.waitUntil(lambda: "已收 1" in panel.counts.text())

        on_next_modal(answer(Qt.Key.Key_Escape))  # Esc: keep scanning
        qtbot.keyClick(panel.scan, ENTER, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: len(asked) == 1)
        assert "还有 7 册未扫描" in asked[0] and "缺失" in asked[0]
        assert all(bc in asked[0] for bc in books[1:6])  # the first few, by barcode
        assert "另有 2 册" in asked[0] and books[7] not in asked[0]
        qtbot.wait(100)
        assert panel.scan.isEnabled() and panel.box.status == "dispatched"
        assert panel.state_of(books[1]) == "待扫描"
        assert point.desk.read(shipments.get_shipment, LIBRARIAN, box.uid).status == "dispatched"
        assert status_of(point, books[1]) != "missing"

        scan(qtbot, panel.scan, books[1])  # the receipt went on
        qtbot.waitUntil(lambda: "已收 2" in panel.counts.text())
        window.activateWindow()  # offscreen Qt does not hand activation back after a dialog
        qtbot.waitUntil(window.isActiveWindow)
        on_next_modal(answer(Qt.Key.Key_Y))  # Y: mark them missing and finish
        qtbot.keyClick(panel.scan, ENTER, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: "接收完成" in panel.message.text())
        assert "还有 6 册未扫描" in asked[1]
        assert "收到 2 册，缺失 6 册" in panel.message.text()
        assert panel.state_of(books[7]) == "缺失" and not panel.scan.isEnabled()
    finally:
        window.timer.stop()
        window.ctx.ops.shutdown()
    event = point.desk.read(shipments.get_shipment, LIBRARIAN, box.uid)
    assert (event.status, event.received, event.missing) == ("received", 2, 6)


# --- sync with the hub down ---------------------------------------------------------------------

RAW = ("HTTPConnectionPool", "Errno", "Error", "Traceback", "Max retries", "urllib3", "requests")


def test_sync_page_with_the_hub_down_says_why_in_words(  # type: ignore[no-untyped-def]
    hub: HubProc,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> None:
    code = "".join(c for c in "SYN" + tmp_path.name[-6:].upper() if c.isalnum())[:12]
    desk = Desk.initialise(
        tmp_path / "desk", point_code=code, point_name="同步测试点", level="community"
    )
    hub.add_point(code, name="同步测试点")
    engine = SyncEngine(desk, tokens=FileTokenStore(desk.data_dir), timeout=5)
    engine.enrol(hub.url, hub.enrol_code(code))
    windows: list[MainWindow] = []
    try:
        hub.stop()  # the network is down
        for lang, expected in (("zh", "无法连接区馆中心"), ("en", "Cannot reach the hub")):
            install_translator(QApplication.instance(), lang)  # type: ignore[arg-type]
            ctx = UiContext(desk, FRONT, lang)
            ctx.sync_engine = engine
            window = MainWindow(ctx)
            windows.append(window)
            qtbot.addWidget(window)
            window.show()
            page = window.sync
            window.nav.setCurrentRow(window.stack.indexOf(page))
            page.sync_now()
            qtbot.waitUntil(lambda p=page: p._sync_op is None, timeout=30_000)
            qtbot.waitUntil(lambda p=page: "\n" in p.summary.text(), timeout=10_000)
            said = page.message.text() + "\n" + page.summary.text()
            assert page.message.kind == "error" and expected in page.message.text(), said
            assert expected in page.summary.text(), said
            assert not any(raw in said for raw in RAW), said
    finally:
        install_translator(QApplication.instance(), "zh")  # type: ignore[arg-type]
        for window in windows:
            window.timer.stop()
            window.ctx.ops.shutdown()
        if hub.proc is None:
            hub.start()
        desk.close()
