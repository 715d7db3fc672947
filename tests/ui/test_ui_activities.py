"""The 活动 page driven by keystrokes: attendance at the door by card scan (a second scan, an
unknown card refused and counted once), walk-ins on F6..F9, close with Ctrl+Enter; volunteers
sign in and out by scan; an activity planned from the form reaches the calendar."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from ui_helpers import LIBRARIAN, on_next_modal, scan, type_text

from xclib_desk.clock import FixedClock
from xclib_desk.services import activities
from xclib_desk.ui.main_window import MainWindow


def open_page(window: MainWindow, qtbot: Any) -> Any:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # page shortcuts (F6, Ctrl+Enter) need it
    page = window.activities
    window.nav.setCurrentRow(window.stack.indexOf(page))
    return page


def test_door_scanning_walk_ins_and_close(
    make_window: Any, kit: Any, clock: FixedClock, qtbot: Any
) -> None:
    cards = [kit.reader(), kit.reader()]
    start = clock.now() + timedelta(minutes=30)
    uid = kit.desk.write(
        activities.plan, LIBRARIAN, series="sxxc", title="绘本故事会", starts_at=start,
        ends_at=start + timedelta(hours=1), target_group="children", capacity=5,
    ).uid  # fmt: skip
    window = make_window(LIBRARIAN)
    page = open_page(window, qtbot)
    door = page.door
    qtbot.waitUntil(lambda: door.current is not None and door.scan.isEnabled())
    assert door.current.uid == uid
    scan(qtbot, door.scan, cards[0])
    qtbot.waitUntil(lambda: "持证到场 1" in door.counts.text())
    assert door.message.kind == "ok" and door.log.rowCount() == 1
    scan(qtbot, door.scan, cards[0])  # the same card again: refused, counted once
    qtbot.waitUntil(lambda: door.message.kind == "error")
    assert "不重复计数" in door.message.text()
    scan(qtbot, door.scan, "XC99999999")
    qtbot.waitUntil(lambda: "XC99999999" in door.message.text())
    assert door.message.kind == "error" and "持证到场 1" in door.counts.text()
    scan(qtbot, door.scan, cards[1])
    qtbot.waitUntil(lambda: "持证到场 2" in door.counts.text())
    qtbot.keyClick(door.scan, Qt.Key.Key_F6)  # a child without a card
    qtbot.keyClick(door.scan, Qt.Key.Key_F9)  # a senior
    qtbot.waitUntil(lambda: "合计 4 / 5" in door.counts.text())
    qtbot.keyClick(door.scan, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: "合计 5 / 5" in door.counts.text())
    qtbot.keyClick(door.scan, Qt.Key.Key_F8)  # full now
    qtbot.waitUntil(lambda: door.message.kind == "error" and "已满" in door.message.text())
    # the sign-in sheet, without a printer
    door.setProperty("no_print", True)
    door.print_sheet()
    qtbot.waitUntil(lambda: bool(door.sheet_html))
    assert cards[0] in door.sheet_html and "绘本故事会" in door.sheet_html
    clock.advance(minutes=30)

    def report(dlg: QWidget) -> None:
        type_text(qtbot, dlg.reason, "孩子们很喜欢")  # type: ignore[attr-defined]
        qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)  # type: ignore[attr-defined]

    on_next_modal(report)
    qtbot.keyClick(door.scan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "活动已结束" in door.message.text())
    assert "5 人" in door.message.text()
    view = kit.desk.read(activities.get_activity, LIBRARIAN, uid)
    assert (view.status, view.participants, view.walk_ins) == (
        "closed", 5, {"child": 1, "senior": 2},
    )  # fmt: skip


def test_volunteers_sign_in_and_out_by_scan(make_window: Any, kit: Any, qtbot: Any) -> None:
    card = kit.reader(name="刘志愿")
    window = make_window(LIBRARIAN)
    page = open_page(window, qtbot)
    page.tabs.setCurrentWidget(page.volunteers)
    vol = page.volunteers
    type_text(qtbot, vol.card, card)
    type_text(qtbot, vol.team, "书香志愿队")
    qtbot.mouseClick(vol.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: vol.roster.rowCount() == 1)
    assert vol.roster.cell_text(0, 1) == "刘志愿"
    scan(qtbot, vol.scan, card)
    qtbot.waitUntil(lambda: "已签到" in vol.message.text())
    scan(qtbot, vol.scan, card)  # signing in twice
    qtbot.waitUntil(lambda: vol.message.kind == "error")
    qtbot.keyClick(vol.scan, Qt.Key.Key_F6)  # to signing out
    assert "签退" in vol.mode.text()
    scan(qtbot, vol.scan, card)
    qtbot.waitUntil(lambda: "已签退" in vol.message.text())
    scan(qtbot, vol.scan, card)  # signing out twice
    qtbot.waitUntil(lambda: vol.message.kind == "error" and "签退" in vol.message.text())


def test_plan_from_the_form_reaches_the_calendar(make_window: Any, kit: Any, qtbot: Any) -> None:
    window = make_window(LIBRARIAN)
    page = open_page(window, qtbot)
    page.tabs.setCurrentWidget(page.plan)
    plan = page.plan
    qtbot.waitUntil(lambda: plan.start.dateTime().isValid())
    type_text(qtbot, plan.title, "经典诵读")
    qtbot.keyClick(plan.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: plan.table.rowCount() == 1)
    assert plan.table.cell_text(0, 2) == "经典诵读" and plan.message.kind == "ok"
    assert plan.table.cell_text(0, 1) == kit.desk.point.name  # the point by name, not its code


def test_the_door_list_shows_who_came_before_the_page_opened(
    make_window: Any, kit: Any, clock: FixedClock, qtbot: Any
) -> None:
    """A restarted app (or a colleague's scans) must not leave the door list empty while the
    counts above it say people came."""
    cards = [kit.reader(), kit.reader()]
    start = clock.now() + timedelta(minutes=30)
    uid = kit.desk.write(
        activities.plan, LIBRARIAN, series="sxxc", title="亲子阅读", starts_at=start,
        ends_at=start + timedelta(hours=1), target_group="children",
    ).uid  # fmt: skip
    for card in cards:
        kit.desk.write(activities.admit, LIBRARIAN, uid, card)
        clock.advance(minutes=1)
    window = make_window(LIBRARIAN)
    door = open_page(window, qtbot).door
    qtbot.waitUntil(lambda: door.log.rowCount() == 2)
    assert [door.log.cell_text(r, 1) for r in range(2)] == [cards[1], cards[0]]  # newest first
    assert "持证到场 2" in door.counts.text()


def test_sign_ups_by_card_scan_and_by_name(
    make_window: Any, kit: Any, clock: Any, qtbot: Any
) -> None:
    card = kit.reader()
    start = clock.now() + timedelta(days=2)
    kit.desk.write(
        activities.plan, LIBRARIAN, series="festivals", title="中秋诗会", starts_at=start,
        ends_at=start + timedelta(hours=1), target_group="seniors",
    )  # fmt: skip
    window = make_window(LIBRARIAN)
    page = open_page(window, qtbot)
    page.tabs.setCurrentWidget(page.plan)
    plan = page.plan
    qtbot.waitUntil(lambda: plan.table.rowCount() == 1)
    plan.table.selectRow(0)
    scan(qtbot, plan.scan, card)
    qtbot.waitUntil(lambda: "已报名 1 人" in plan.message.text())
    scan(qtbot, plan.scan, card)
    qtbot.waitUntil(lambda: plan.message.kind == "error" and "不重复计数" in plan.message.text())
    type_text(qtbot, plan.person, "赵奶奶")
    type_text(qtbot, plan.person_phone, "13900000000")
    qtbot.keyClick(plan.person_phone, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已报名 2 人" in plan.message.text())
    qtbot.waitUntil(lambda: plan.table.cell_text(0, 5) == "2")


def test_figures_tab_rates_against_the_level_target(
    make_window: Any, kit: Any, clock: Any, qtbot: Any
) -> None:
    start = clock.now() + timedelta(minutes=5)
    uid = kit.desk.write(
        activities.plan, LIBRARIAN, series="sxxc", title="经典诵读", starts_at=start,
        ends_at=start + timedelta(hours=1), target_group="seniors",
    ).uid  # fmt: skip
    kit.desk.write(activities.walk_in, LIBRARIAN, uid, "senior", 12)
    clock.advance(minutes=10)
    kit.desk.write(activities.close, LIBRARIAN, uid, "")
    window = make_window(LIBRARIAN)
    page = open_page(window, qtbot)
    page.tabs.setCurrentWidget(page.stats)
    qtbot.waitUntil(lambda: page.figures.rowCount() == 4)
    assert page.figures.cell_text(0, 1).startswith("1")  # one activity held
    assert page.figures.item(0, 3).data(Qt.ItemDataRole.UserRole) in ("green", "amber", "red")
    assert page.figures.cell_text(2, 1).startswith("100")  # all for a special group
    qtbot.waitUntil(lambda: len(page.chart.series()) == 1)
