"""A shift change at the desk and the paper that leaves it, as the clerk meets them.

Shift change: Ctrl+L locks the desk under the sign-in box and the program keeps running (Qt quits
when its last window closes; with the window hidden, closing the box ended the program). The test
runs the application's own event loop, so an early quit shows as an exit code.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication
from ui_helpers import FRONT, LIBRARIAN, scan

from xclib_desk.ui.app import DeskApp, ensure_app
from xclib_desk.ui.main_window import MainWindow
from xclib_desk.ui.signin import SignInDialog

STILL_RUNNING = 7  # the exit code the test ends the loop with; a quit on its own returns 0


def _run_in_app_loop(scenario: Callable[[], None]) -> int:
    """Run ``scenario`` inside ``QApplication.exec()`` as the program does; its exit code."""
    app = ensure_app()
    errors: list[BaseException] = []

    def step() -> None:
        try:
            scenario()
        except BaseException as exc:  # re-raised below, outside the event loop
            errors.append(exc)
        app.exit(STILL_RUNNING)

    QTimer.singleShot(0, step)
    code = app.exec()
    if errors:
        raise errors[0]
    return code


def _ctrl_l(qtbot, window: MainWindow, in_box: Callable[[SignInDialog], None]) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+L, then ``in_box`` on the sign-in box; returns once the box has closed."""

    def poll() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, SignInDialog):
            QTimer.singleShot(10, poll)
            return
        in_box(dlg)

    QTimer.singleShot(0, poll)
    window.activateWindow()  # window shortcuts need the active window (offscreen: not automatic)
    qtbot.waitUntil(window.isActiveWindow)
    target = window.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # blocks in the box


def _type_sign_in(qtbot, dlg: SignInDialog, code: str, password: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dlg.code, code)
    qtbot.keyClick(dlg.code, Qt.Key.Key_Return)
    qtbot.keyClicks(dlg.password, password)
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)


def _shell(desk, qtbot) -> DeskApp:  # type: ignore[no-untyped-def]
    shell = DeskApp(ensure_app(), desk, "zh", None)
    shell.show_main(FRONT)
    qtbot.waitExposed(shell.window)
    return shell


def _close(shell: DeskApp, qtbot) -> None:  # type: ignore[no-untyped-def]
    shell.window.close()  # stops its timers and waits for the ops lanes
    qtbot.wait(50)  # the replaced window's deferred deletion happens in the event loop


def test_shift_change_keeps_the_desk_open_and_lends_as_the_new_staff(desk, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader(name="李小明")
    item = kit.items(1)[0]
    shell = _shell(desk, qtbot)
    first = shell.window
    seen: dict[str, object] = {}

    def shift_change() -> None:
        def in_box(dlg: SignInDialog) -> None:
            seen["window_behind_box"] = first.isVisible()
            seen["locked_text"] = first.signed_in.text()
            seen["reader_pages_hidden"] = not first.circulation.isVisible()
            seen["cancel_button"] = dlg.buttons.buttons()[1].text()
            _type_sign_in(qtbot, dlg, "lib", "lib12345")

        _ctrl_l(qtbot, first, in_box)
        qtbot.waitUntil(lambda: shell.window is not first and shell.window.isVisible())
        new = shell.window
        seen["header"] = new.signed_in.text()
        new.activateWindow()
        qtbot.waitUntil(new.isActiveWindow)
        page = new.circulation
        scan(qtbot, page.scan, card)
        qtbot.waitUntil(lambda: page.r_name.text() == "李小明")
        scan(qtbot, page.scan, item)
        qtbot.waitUntil(lambda: page.loans_table.rowCount() == 1)

    try:
        code = _run_in_app_loop(shift_change)
        assert code == STILL_RUNNING  # the program did not end itself
        assert shell.window.isVisible()
    finally:
        _close(shell, qtbot)
    assert seen["window_behind_box"] is True
    assert seen["locked_text"] == "已锁定：待接班人员登录"
    assert seen["reader_pages_hidden"] is True
    assert seen["cancel_button"] == "取消"  # at a shift change the box's second button is no exit
    assert "李馆员（lib，馆员）" in str(seen["header"])
    event = kit.last_event()
    assert event.type == "loan.checked_out" or "check" in event.type
    assert event.staff_code == LIBRARIAN.staff_code
    assert kit.audit_for(event.seq).staff_code == LIBRARIAN.staff_code


def test_cancelled_shift_sign_in_leaves_the_desk_locked(desk, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader(name="李小明")
    shell = _shell(desk, qtbot)
    first = shell.window
    seen: dict[str, object] = {}

    def cancel_then_sign_in() -> None:
        # the clerk leaving presses Esc in the box
        _ctrl_l(qtbot, first, lambda dlg: qtbot.keyClick(dlg.code, Qt.Key.Key_Escape))
        seen["visible"] = first.isVisible()
        seen["header"] = first.signed_in.text()
        seen["scan_shown"] = first.circulation.scan.isVisible()
        # the leaving clerk's keys do nothing: no page change, no reader loaded
        first.activateWindow()
        qtbot.waitUntil(first.isActiveWindow)
        qtbot.keyClick(first, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(first, card)
        qtbot.keyClick(first, Qt.Key.Key_Return)
        qtbot.wait(200)
        seen["page"] = first.nav.currentRow()
        seen["reader"] = first.circulation.r_name.text()
        seen["actor"] = shell.ctx.actor if shell.ctx else None
        # Ctrl+L (or the lock screen's button) opens the box again
        _ctrl_l(qtbot, first, lambda dlg: _type_sign_in(qtbot, dlg, "desk", "desk1234"))
        qtbot.waitUntil(lambda: shell.window is not first and shell.window.isVisible())

    try:
        code = _run_in_app_loop(cancel_then_sign_in)
        assert code == STILL_RUNNING
    finally:
        _close(shell, qtbot)
    assert seen["visible"] is True
    assert seen["header"] == "已锁定：待接班人员登录"
    assert seen["scan_shown"] is False
    assert seen["page"] == 0
    assert seen["reader"] != "李小明"
    assert not shell.window.body.isHidden() and not shell.window.locked
    assert "张前台（desk，前台）" in shell.window.signed_in.text()


def test_receipt_for_eight_loans_is_one_80mm_page_with_nothing_broken(  # type: ignore[no-untyped-def]
    window, kit, qtbot, tmp_path
) -> None:
    card = kit.reader(name="李小明")
    long_title = kit.title("北京西城街巷胡同志：从什刹海到大栅栏的百年变迁与今日生活")
    items = [kit.item(title_uid=long_title) for _ in range(4)] + kit.items(4)
    page = window.circulation
    scan(qtbot, page.scan, card)
    qtbot.waitUntil(lambda: page.r_name.text() == "李小明")
    for b in items:
        scan(qtbot, page.scan, b)
    qtbot.waitUntil(lambda: page.loans_table.rowCount() == 8)
    out = page.save_receipt_pdf(tmp_path / "receipt.pdf")
    assert out is not None

    pdf = QPdfDocument()
    assert pdf.load(str(out)) == QPdfDocument.Error.None_
    assert pdf.pageCount() == 1  # one slip, not two 200 mm pages
    size = pdf.pagePointSize(0)
    assert abs(size.width() - 80 / 25.4 * 72) < 1  # 80 mm wide
    assert size.height() < 200 / 25.4 * 72  # cut to the content
    text = pdf.getAllText(0).text()
    due = kit.loan(items[0]).due_date.isoformat()
    lines = [ln.strip() for ln in text.splitlines()]
    for b in items:  # barcode and due date whole, on one line
        assert any(b in ln and due in ln for ln in lines), (b, lines)
    assert not any(ln.isdigit() for ln in lines)  # no page number
    phone = re.search(r"010-[0-9 ]+[0-9]", window.ctx.desk.policy.package.identity.receipt_footer)
    assert phone is not None and any(phone.group() in ln for ln in lines)  # the footer's too
    image = pdf.render(0, (size * 4).toSize())
    image.save(str(tmp_path / "receipt.png"))
    assert not image.isNull()

    # the document as laid out: each barcode line is one line, only titles wrap
    doc = page._receipt_doc()
    block = doc.begin()
    while block.isValid():
        if any(b in block.text() for b in items):
            lay = block.layout()
            barcode_line = lay.lineForTextPosition(block.text().index("X")).lineNumber()
            due_line = lay.lineForTextPosition(block.text().index(due)).lineNumber()
            assert barcode_line == due_line == lay.lineCount() - 1
        block = block.next()
