"""The Sync page against a real hub process when the hub sends what the desk cannot take.

A poisoned row in the point's feed: "sync now" completes, says a row was skipped, and the
page lists it (kind, key, reason) in the window's language. A hub answering garbage: the page
and the status bar say so in the window's language, never the library's text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest
import requests
from PySide6.QtWidgets import QApplication
from sync_fixtures import HubProc, hub  # noqa: F401 - the hub fixture
from ui_helpers import FRONT

from xclib_desk.demo.names import resident_id
from xclib_desk.desk import Desk
from xclib_desk.hub import push
from xclib_desk.hub.push.authority import AUTHORITY
from xclib_desk.protocol.feed import FeedKind
from xclib_desk.services import readers, staff
from xclib_desk.services.context import SYSTEM, Actor
from xclib_desk.sync.engine import SyncEngine
from xclib_desk.sync.tokens import FileTokenStore
from xclib_desk.ui.app import install_translator
from xclib_desk.ui.context import UiContext
from xclib_desk.ui.main_window import MainWindow
from xclib_desk.ui.statusinfo import gather
from xclib_desk.ui.syncpage import FEED_KINDS, REJECTION_CODES

LIB = Actor("lib", "librarian", "李馆员")


class FlakyHub(requests.Session):
    """The network edge: while ``garbage`` is set, every hub answer arrives as junk."""

    garbage = False

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kw: Any) -> Any:  # type: ignore[override]
        r = super().request(method, url, *args, **kw)
        if self.garbage:
            r._content = b"<html>502 oops"
        return r


@pytest.fixture()
def point(hub: HubProc, tmp_path: Path) -> Iterator[tuple[Desk, SyncEngine, FlakyHub, str]]:  # noqa: F811
    code = "".join(ch for ch in "UR" + tmp_path.name[-6:].upper() if ch.isalnum())[:12]
    desk = Desk.initialise(
        tmp_path / "desk", point_code=code, point_name="拒收测试点", level="community"
    )
    desk.write(
        staff.add_staff, SYSTEM, code="desk", name="张前台", role="desk", password="desk1234"
    )
    hub.add_point(code, name="拒收测试点")
    http = FlakyHub()
    engine = SyncEngine(desk, http=http, tokens=FileTokenStore(desk.data_dir), timeout=10)
    engine.enrol(hub.url, hub.enrol_code(code))
    yield desk, engine, http, code
    desk.close()


def open_window(qtbot: Any, desk: Desk, engine: SyncEngine, lang: str) -> MainWindow:
    install_translator(QApplication.instance(), lang)  # type: ignore[arg-type]
    ctx = UiContext(desk, FRONT, lang)
    ctx.sync_engine = engine
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def close_window(window: MainWindow) -> None:
    window.timer.stop()
    window.ctx.ops.shutdown()
    install_translator(QApplication.instance(), "zh")  # type: ignore[arg-type]


def test_sync_page_lists_a_poisoned_feed_row(point, hub: HubProc, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    desk, engine, _http, code = point
    card = f"XC7{abs(hash(desk.device_id)) % 10**7:07d}"
    rid = resident_id(random.Random(desk.device_id), date(1981, 4, 4), set())
    desk.write(
        readers.register, LIB, card_no=card, name="王小明", reader_type="adult", id_number=rid
    )
    assert engine.run_once().ok
    row = hub.feed_row(code, "reader", card)
    bad = card[:-1] + ("1" if card[-1] != "1" else "2")
    row["card_no"], row["profile"] = bad, {**row["profile"], "birth_date": "not-a-date"}
    hub.inject_feed_row(code, "reader", bad, row)

    window = open_window(qtbot, desk, engine, "zh")
    try:
        window.sync_now()
        qtbot.waitUntil(lambda: window.sync._sync_op is None, timeout=30_000)
        text = window.sync.message.text()
        assert "同步完成" in text and "1 条中心数据无法接收" in text, text
        table = window.sync.refused_table
        qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)
        cells = [table.item(0, c).text() for c in range(table.columnCount())]
        assert cells[2:5] == ["读者", bad, "数据格式不符"] and "birth_date" in cells[5]
        assert window.sync.tabs.tabText(3) == "无法接收的数据 (1)"
    finally:
        close_window(window)


def test_a_hub_answering_garbage_reads_in_the_window_language(point, hub: HubProc, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    desk, engine, http, _code = point
    window = open_window(qtbot, desk, engine, "en")
    try:
        http.garbage = True
        window.sync_now()
        qtbot.waitUntil(lambda: window.sync._sync_op is None, timeout=30_000)
        said = window.sync.message.text()
        assert said.startswith("Sync not finished: The hub's answer could not be read"), said
        assert "oops" not in said and "Traceback" not in said
        qtbot.waitUntil(
            lambda: "The hub's answer could not be read" in window.sync.summary.text(),
            timeout=10_000,
        )
        snap = gather(desk, engine, FRONT.staff_code)  # what the status bar is given
        assert (snap.last_error or "").startswith("The hub's answer could not be read")
        assert engine.status().last_error_code == "bad_answer"
        http.garbage = False
        window.sync_now()
        qtbot.waitUntil(lambda: window.sync._sync_op is None, timeout=30_000)
        assert engine.status().last_error is None
    finally:
        close_window(window)


def test_every_refusal_code_and_feed_kind_has_words_on_the_sync_page() -> None:
    """A code the hub can answer, or a row kind the feed can carry, is never shown raw."""
    codes = {c for a in AUTHORITY.values() for c in a.codes}
    for path in (Path(push.__file__).parent).glob("*.py"):
        codes |= set(re.findall(r'Rejected\("([a-z_]+)"\)', path.read_text("utf-8")))
    assert codes - {"unknown_type"} <= set(REJECTION_CODES)
    assert set(get_args(FeedKind)) <= set(FEED_KINDS)
