"""Sign-in, readers, holdings, sync and settings pages, checked by what staff see."""

from __future__ import annotations

import uuid
from datetime import timedelta

from PySide6.QtCore import Qt
from ui_helpers import FRONT, LIBRARIAN, scan, type_text

from xclib_desk.models import Hold, SyncException
from xclib_desk.protocol.feed import EXCEPTION_KINDS
from xclib_desk.services import circulation, readers, syncview
from xclib_desk.ui.holdings import TitleForm
from xclib_desk.ui.ops import Ops
from xclib_desk.ui.readers import ReaderForm
from xclib_desk.ui.signin import SignInDialog
from xclib_desk.ui.syncpage import EXCEPTION_KINDS as PAGE_SENTENCES
from xclib_desk.ui.syncpage import KIND_SHORT


def test_sign_in_with_argon2_and_refusal(desk, qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = SignInDialog(desk, Ops(), "zh")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitActive(dlg)
    qtbot.keyClicks(dlg.code, "desk")
    qtbot.keyClick(dlg.code, Qt.Key.Key_Return)  # Enter moves on to the password
    assert dlg.focusWidget() is dlg.password
    qtbot.keyClicks(dlg.password, "wrong-password")
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.error.isVisible())
    assert dlg.error.text() == "工号或密码错误。"
    assert dlg.password.text() == ""
    qtbot.keyClicks(dlg.password, "desk1234")
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.actor is not None)
    assert dlg.actor is not None
    assert (dlg.actor.staff_code, dlg.actor.role) == ("desk", "desk")


def test_register_with_bad_id_number_is_refused_and_stores_nothing(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = kit.counts()
    dlg = ReaderForm(window.ctx, None, window.readers)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.card, "XC00000077")
    type_text(qtbot, dlg.name, "孙悟空")
    good = kit.id_number(30)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")  # wrong check character
    qtbot.keyClicks(dlg.id_number, bad)
    assert "校验位错误" in dlg.id_check.text()  # told while typing
    qtbot.mouseClick(dlg.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.error.isVisible())
    assert "身份证号码无效：校验位错误" in dlg.error.text()
    assert dlg.isVisible()  # the form stays open with what was typed
    assert kit.counts() == before


def test_register_child_needs_guardian_then_search_by_pinyin(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = ReaderForm(window.ctx, None, window.readers)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.card, "XC00000088")
    type_text(qtbot, dlg.name, "周小雨")
    number = kit.id_number(9)
    qtbot.keyClicks(dlg.id_number, number)
    assert "须登记监护人" in dlg.id_check.text()
    assert dlg.rtype.currentData() == "child"
    dlg.submit()
    qtbot.waitUntil(lambda: dlg.error.isVisible())
    assert "须登记监护人" in dlg.error.text()
    type_text(qtbot, dlg.guardian_name, "周大山")
    qtbot.keyClicks(dlg.guardian_phone, "13900001111")
    dlg.submit()
    qtbot.waitUntil(lambda: dlg.result_view is not None)
    assert dlg.result_view is not None
    assert dlg.result_view.id_masked == number[:4] + "*" * 10 + number[-4:]
    page = window.readers
    window.nav.setCurrentRow(1)
    scan(qtbot, page.query, "zxy")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert page.table.cell_text(0, 1) == "周小雨"
    assert page.table.cell_text(0, 6) == dlg.result_view.id_masked
    assert number not in page.detail.text()  # never shown in clear
    assert "监护人：周大山" in page.detail.text()


def test_holdings_add_title_and_lookup_item(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(LIBRARIAN)
    form = TitleForm(window.ctx, window.holdings)
    qtbot.addWidget(form)
    form.show()
    type_text(qtbot, form.title, "边城")
    qtbot.keyClicks(form.clc, "Q1")  # not a CLC number in the 5th edition sense? refused in words
    form.submit()
    qtbot.waitUntil(lambda: form.result_view is not None or form.error.isVisible())
    if form.error.isVisible():
        form.clc.setText("I246.5")
        form.submit()
        qtbot.waitUntil(lambda: form.result_view is not None)
    item = kit.items(1)[0]
    page = window.holdings
    window.nav.setCurrentRow(2)
    scan(qtbot, page.query, "边城")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert page.table.cell_text(0, 1) == "边城"
    scan(qtbot, page.item_query, item)
    qtbot.waitUntil(lambda: "条码：" + item in page.item_detail.text())
    assert "状态：在架" in page.item_detail.text()
    card = kit.reader()
    kit.desk.write(circulation.check_out, FRONT, card, item)
    kit.clock.advance(days=3)
    kit.desk.write(circulation.check_in, FRONT, item)
    scan(qtbot, page.item_query, item)
    qtbot.waitUntil(lambda: page.history.rowCount() == 2)
    assert page.history.column_texts(1) == ["归还", "借出"]  # newest first
    assert page.history.column_texts(3) == [card, card]
    # the service returns the loan's facts; the page words them (due date, renewals)
    out_tip = page.history.item(1, 0).toolTip()
    assert out_tip.startswith("应还 ") and "续借 0 次" in out_tip


def test_exception_resolved_from_sync_page(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    uid = str(uuid.uuid4())
    with kit.desk.session(write=True) as s:
        s.add(
            SyncException(
                uid=uid,
                kind="double_loan",
                status="open",
                context={
                    "item": "X000000001",
                    "closed_loan": {"uid": "L1", "card_no": "XC00000001"},
                    "hub_action": "closed loan L1 (reader XC00000001)",
                },
                created_at=kit.clock.now(),
            )
        )
    page = window.sync
    window.nav.setCurrentRow(3)
    qtbot.waitUntil(lambda: page.exc_table.rowCount() == 1)
    assert page.tabs.tabText(2) == "异常 (1)"
    assert "同一本书在两处被借出" in page.exc_table.cell_text(0, 2)
    detail = page.exc_detail.toPlainText()
    assert "被关闭的借阅" in detail and "L1" in detail  # the facts, labelled in Chinese
    assert "closed loan" not in detail  # not the hub's English note for the hall
    assert "未登记到区馆中心" in page.summary.text()
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已处理" in page.message.text())
    qtbot.waitUntil(lambda: page.exc_table.rowCount() == 0)
    assert page.tabs.tabText(2) == "异常 (0)"
    resolved = kit.desk.read(syncview.exceptions, FRONT, True)
    assert [(x.uid, x.status, x.resolution) for x in resolved] == [(uid, "resolved", "accept")]
    event = kit.last_event()
    assert (event.type, event.staff_code, event.payload["uid"]) == (
        "exception.resolved",
        "desk",
        uid,
    )


def test_a_hold_conflict_is_explained_in_the_desks_words(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Every conflict the hub can raise has a heading and a sentence on the page; the hold
    kinds of the holds network were shown as their codes."""
    assert set(PAGE_SENTENCES) == set(KIND_SHORT) == EXCEPTION_KINDS
    mine, other = str(uuid.uuid4()), str(uuid.uuid4())
    with kit.desk.session(write=True) as s:
        s.add(  # this desk's own hold; the other one it never saw
            Hold(
                uid=mine, card_no="XC00001234", reader_type="adult", title_uid=str(uuid.uuid4()),
                title="城南旧事", placed_point=kit.desk.point.code,
                pickup_point=kit.desk.point.code, placed_at=kit.clock.now(),
                lapse_on=kit.clock.now().date(),
            )
        )  # fmt: skip
        s.add(
            SyncException(
                uid=str(uuid.uuid4()),
                kind="hold_copy_claimed",
                status="open",
                context={
                    "item": "X000000001",
                    "hold": mine,
                    "kept_for": other,
                    "hub_action": "the copy stays with the first hold",
                },
                created_at=kit.clock.now(),
            )
        )
    page = window.sync
    window.nav.setCurrentRow(3)
    qtbot.waitUntil(lambda: page.exc_table.rowCount() == 1)
    assert page.exc_table.cell_text(0, 1) == "一书两约"
    assert "书归第一条预约" in page.exc_table.cell_text(0, 2)
    page.exc_table.selectRow(0)
    detail = page.exc_detail.toPlainText()
    here = kit.desk.point.name
    assert f"《城南旧事》，读者证尾号 1234，在 {here} 取书" in detail  # the hold as staff know it
    assert "图书归属的预约" in detail and other in detail  # one it never saw: its uid
    assert "hold_copy_claimed" not in detail and "first hold" not in detail
    with kit.desk.session(write=True) as s:
        s.add(
            SyncException(
                uid=str(uuid.uuid4()),
                kind="hold_double_capture",
                status="open",
                context={"hold": mine, "item": "X000000002", "status": "on_shelf"},
                created_at=kit.clock.now() + timedelta(minutes=1),
            )
        )
    page.reload()
    qtbot.waitUntil(lambda: page.exc_table.rowCount() == 2)
    page.exc_table.selectRow(0)  # newest first
    detail = page.exc_detail.toPlainText()
    assert "这本照常上架" in detail and "在预约架" in detail and "on_shelf" not in detail


def test_status_bar_offline_counts_pending(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    kit.reader()
    window.refresh_status()
    qtbot.waitUntil(lambda: window.st_pending.text().startswith("待同步 "))
    assert window.st_online.text() == "○ 离线（未登记中心）"
    assert window.st_standards.text() == "标准 v1"
    # nobody has signed on yet, the branch is open (Tuesday 10:00) and its minimum is 2
    assert window.st_staff.text() == "⚠ 在岗 0/2 人，人员不足"
    assert "张前台" in window.signed_in.text()


def test_block_from_readers_page(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(LIBRARIAN)
    card = kit.reader(name="吴六")
    page = window.readers
    window.nav.setCurrentRow(1)
    scan(qtbot, page.query, card)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert page.block_button.isEnabled()
    page._run("block", readers.block, card, "逾期未还", done="已停用读者证。")
    qtbot.waitUntil(lambda: page.table.cell_text(0, 3) == "停用")
    assert "已停用：逾期未还" in page.detail.text()


def test_settings_language_switch_rebuilds_in_english(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.settings
    assert "xclib-desk" in page.about.text()
    seen: list[str] = []
    page.language_changed.connect(seen.append)
    page.language.setCurrentIndex(page.language.findData("en"))
    assert seen == ["en"]


def test_edit_reader_and_renew_card(window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = kit.reader(name="冯七")
    page = window.readers
    window.nav.setCurrentRow(1)
    scan(qtbot, page.query, card)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    before = page.table.cell_text(0, 4)
    dlg = ReaderForm(window.ctx, page.current(), page)
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.id_number.isEnabled()  # the ID number is never re-entered or shown
    dlg.phone.setText("13512345678")
    dlg.submit()
    qtbot.waitUntil(lambda: dlg.result_view is not None)
    page._replace(dlg.result_view)
    assert "电话：13512345678" in page.detail.text()
    page.renew_card()
    qtbot.waitUntil(lambda: page.message.text() == "已续证。")
    assert page.table.cell_text(0, 4) > before
