"""The Kiosks page (自助机): a librarian adds a kiosk account by keyboard, and the live view
shows a kiosk that signs in to the SIP2 server running beside the window."""

from __future__ import annotations

import socket
from typing import Any

from PySide6.QtCore import Qt
from ui_helpers import FRONT, LIBRARIAN, type_text

from xclib_desk.desk import Desk
from xclib_desk.services import kiosks
from xclib_desk.sip2.codec import Message, encode
from xclib_desk.sip2.server import ServerConfig, Sip2Server


def _open_page(make_window: Any, actor: Any) -> Any:
    window = make_window(actor)
    window.nav.setCurrentRow(window.stack.indexOf(window.kiosks))
    return window.kiosks


def test_librarian_adds_a_kiosk_by_keyboard(make_window: Any, desk: Desk, qtbot: Any) -> None:
    page = _open_page(make_window, LIBRARIAN)
    qtbot.waitUntil(lambda: page.login.hasFocus())
    type_text(qtbot, page.login, "K7")
    qtbot.keyClick(page.login, Qt.Key.Key_Tab)
    page.name.insert("二层自助机")
    page.location.insert("二层阅览室")
    type_text(qtbot, page.password, "kiosk-password-7")
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert page.table.cell_text(0, 0) == "K7" and page.table.cell_text(0, 2) == "二层阅览室"
    assert page.message.kind == "ok" and page.password.text() == ""
    views = desk.read(kiosks.list_kiosks)
    assert [v.login for v in views] == ["K7"]
    # a second with the same login is refused in words, nothing added
    type_text(qtbot, page.login, "K7")
    page.name.insert("重复")
    type_text(qtbot, page.password, "kiosk-password-8")
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.kind == "error")
    assert "K7" in page.message.text() and len(desk.read(kiosks.list_kiosks)) == 1


def test_desk_staff_see_accounts_but_cannot_add(make_window: Any) -> None:
    page = _open_page(make_window, FRONT)
    assert not page.login.isVisibleTo(page)


def test_live_view_shows_a_signed_in_kiosk(make_window: Any, desk: Desk, qtbot: Any) -> None:
    desk.write(kiosks.add_kiosk, LIBRARIAN, login="K1", name="大厅", password="kiosk-secret-1")
    server = Sip2Server(desk, ServerConfig(port=0))
    server.start()
    try:
        page = _open_page(make_window, LIBRARIAN)
        qtbot.waitUntil(lambda: "SIP2 服务运行中" in page.server.text(), timeout=5000)
        with socket.create_connection(("127.0.0.1", server.address[1]), timeout=5) as s:
            s.sendall(encode(Message("93", "00", (("CN", "K1"), ("CO", "kiosk-secret-1")))))
            assert s.recv(10) == b"941\r"
            qtbot.waitUntil(lambda: page.live.rowCount() == 1, timeout=10000)
            qtbot.waitUntil(lambda: page.live.cell_text(0, 0) == "K1", timeout=10000)
            assert "CO=***" in page.live.cell_text(0, 5)
            assert "kiosk-secret-1" not in page.live.cell_text(0, 5)
    finally:
        server.stop()
    qtbot.waitUntil(lambda: "未运行" in page.server.text(), timeout=10000)
