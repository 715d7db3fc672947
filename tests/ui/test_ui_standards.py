"""The Standards page (admins) against a real hub process, and the point's compliance dashboard.

An admin enters the hub admin token once, edits the adult loan period in the draft, reads the
diff, signs with a district key made here and publishes: the hub's newest package is the new
version with the new loan period. A bad value is shown beside its field and nothing is
published. Staff who are not admins never see the page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from sqlalchemy import func, select
from sync_fixtures import HubProc, hub  # noqa: F401 - the hub fixture
from ui_helpers import ADMIN, FRONT, LIBRARIAN, go_to

from xclib_desk.common.times import BEIJING
from xclib_desk.desk import Desk
from xclib_desk.hub.models import HubStandards
from xclib_desk.models import DutyShift, Loan
from xclib_desk.services import circulation, compliance, duty, staff
from xclib_desk.services.context import SYSTEM
from xclib_desk.sync.engine import SyncEngine
from xclib_desk.sync.tokens import FileTokenStore
from xclib_desk.ui.context import UiContext
from xclib_desk.ui.main_window import MainWindow
from xclib_desk.ui.packageform import TableEditor
from xclib_desk.ui.standardspage import StandardsPage

PASS = "district-pass-123"


@pytest.fixture()
def admin_desk(hub: HubProc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]  # noqa: F811
    monkeypatch.setenv("XCLIB_DESK_NO_KEYRING", "1")  # secrets as 0600 files in the data dir
    code = "".join(ch for ch in "STD" + tmp_path.name[-6:].upper() if ch.isalnum())[:12]
    desk = Desk.initialise(
        tmp_path / "desk", point_code=code, point_name="标准测试点", level="street"
    )
    desk.write(
        staff.add_staff, SYSTEM, code="admin", name="王管理", role="admin", password="admin1234"
    )
    hub.add_point(code, name="标准测试点", level="street")
    engine = SyncEngine(desk, tokens=FileTokenStore(desk.data_dir), page_size=200, timeout=10)
    engine.enrol(hub.url, hub.enrol_code(code))
    monkeypatch.setenv("XCLIB_KEY_PASSPHRASE", PASS)
    key = json.loads(hub.cli("keys-new", "--out", str(tmp_path / "keys"), "--json"))["result"][
        "private"
    ]
    yield desk, engine, key
    engine.http.close()
    desk.close()


def open_window(qtbot, desk: Desk, engine: Any, actor=ADMIN) -> MainWindow:  # type: ignore[no-untyped-def]
    ctx = UiContext(desk, actor, "zh")
    ctx.sync_engine = engine
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def close_window(w: MainWindow) -> None:
    w.timer.stop()
    w.ctx.ops.shutdown()


def newest(hub: HubProc) -> tuple[int, dict[str, Any]]:  # noqa: F811
    version = hub.query(select(func.max(HubStandards.version)))[0][0]
    body = hub.query(select(HubStandards.body).where(HubStandards.version == version))[0][0]
    return version, json.loads(body)


def adult_days(package: dict[str, Any]) -> int:
    rule = next(
        r
        for r in package["service"]["loan_rules"]
        if r["reader_type"] == "adult" and r["material_type"] == "*"
    )
    return int(rule["loan_days"])


def open_section(qtbot, page: StandardsPage, name: str) -> None:  # type: ignore[no-untyped-def]
    bar = page.form.tabs.tabBar()
    i = next(i for i in range(bar.count()) if bar.tabText(i) == name)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
    assert page.form.tabs.currentIndex() == i


def type_in_cell(qtbot, table: TableEditor, row: int, column: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select the cell, F2 to edit, type, Enter: what an admin does with the keyboard."""
    t = table.table
    qtbot.waitUntil(t.isVisible)
    t.setFocus()
    t.setCurrentCell(row, table.cols.index(column))
    qtbot.keyClick(t, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: t.state() == QAbstractItemView.State.EditingState)
    editor = t.viewport().findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def adult_row(table: TableEditor) -> int:
    t = table.table
    rt, mt = table.cols.index("reader_type"), table.cols.index("material_type")
    return next(
        r
        for r in range(t.rowCount())
        if t.item(r, rt).text() == "adult" and t.item(r, mt).text() == "*"
    )


def connect(qtbot, w: MainWindow, hub: HubProc) -> StandardsPage:  # type: ignore[no-untyped-def]  # noqa: F811
    page = w.standards
    assert page is not None
    go_to(qtbot, w, page)
    assert page.token.isVisible()  # asked once
    qtbot.keyClicks(page.token, hub.admin_token())
    qtbot.keyClick(page.token, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.overview is not None and bool(page.form.editors), timeout=20_000)
    assert not page.token.isVisible()
    assert "已保存管理令牌" in page.hub_label.text()
    return page


def test_admin_edits_loan_period_sees_diff_signs_and_publishes(  # type: ignore[no-untyped-def]
    admin_desk,
    hub: HubProc,  # noqa: F811
    qtbot,
) -> None:
    desk, engine, key = admin_desk
    before, body = newest(hub)
    old_days = adult_days(body)
    w = open_window(qtbot, desk, engine)
    try:
        page = connect(qtbot, w, hub)
        assert page.form.version.value() == before + 1
        open_section(qtbot, page, "统一服务")
        loans = page.form.editor("service", "loan_rules")
        assert isinstance(loans, TableEditor)
        type_in_cell(qtbot, loans, adult_row(loans), "loan_days", str(old_days + 18))

        qtbot.mouseClick(
            page.tabs.tabBar(),
            Qt.MouseButton.LeftButton,
            pos=page.tabs.tabBar().tabRect(1).center(),
        )
        qtbot.waitUntil(lambda: page.diff_table.rowCount() > 0)
        rows = {
            page.diff_table.cell_text(r, 0): (
                page.diff_table.cell_text(r, 1),
                page.diff_table.cell_text(r, 2),
            )
            for r in range(page.diff_table.rowCount())
        }
        assert rows["统一服务 › 借阅规则[adult/*] › 借期（天）"] == (
            str(old_days),
            str(old_days + 18),
        )
        assert rows["版本号"] == (str(before), str(before + 1))

        qtbot.keyClicks(page.key_file, key)
        qtbot.keyClicks(page.passphrase, PASS)
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
        # the page reloads right after publishing and clears ``published`` for the next draft;
        # a quick reload could do that between two polls, so wait for the message instead
        qtbot.waitUntil(
            lambda: page.message.kind == "error" or "已发布标准包" in page.message.text(),
            timeout=30_000,
        )
        assert page.message.kind == "ok", page.message.text()
        assert f"已发布标准包 v{before + 1}" in page.message.text()
        version, published = newest(hub)
        assert version == before + 1
        assert adult_days(published) == old_days + 18
        assert published["title"] == body["title"]
        # the page reloads: the next draft starts from what was just published
        qtbot.waitUntil(lambda: page.form.version.value() == before + 2, timeout=20_000)
        assert page.passphrase.text() == ""
    finally:
        close_window(w)


def test_invalid_value_is_shown_beside_the_field_and_nothing_is_published(  # type: ignore[no-untyped-def]
    admin_desk,
    hub: HubProc,  # noqa: F811
    qtbot,
) -> None:
    desk, engine, key = admin_desk
    before, _ = newest(hub)
    w = open_window(qtbot, desk, engine)
    try:
        page = connect(qtbot, w, hub)
        open_section(qtbot, page, "统一服务")
        loans = page.form.editor("service", "loan_rules")
        assert isinstance(loans, TableEditor)
        type_in_cell(qtbot, loans, adult_row(loans), "loan_days", "0")
        open_section(qtbot, page, "统一管理体系")
        retention = page.form.editor("management", "loan_history_retention_days")
        retention.edit.selectAll()  # type: ignore[attr-defined]
        qtbot.keyClicks(retention.edit, "ninety")  # type: ignore[attr-defined]
        page.tabs.setCurrentIndex(1)
        qtbot.keyClicks(page.key_file, key)
        qtbot.keyClicks(page.passphrase, PASS)
        qtbot.mouseClick(page.publish_button, Qt.MouseButton.LeftButton)
        assert page.message.kind == "error"
        assert "未发布" in page.message.text()
        assert page.tabs.currentIndex() == 0  # back to the draft, where the errors are
        assert loans.error.isVisible()
        assert "借期（天）" in loans.error.text() and "应不小于 1" in loans.error.text()
        # shown under its field (on the management tab, behind the service tab now open)
        assert not retention.error.isHidden() and retention.error.text() == "应为整数"
        qtbot.wait(300)  # nothing in flight reaches the hub
        assert newest(hub)[0] == before
        assert page._publish_op is None
    finally:
        close_window(w)


def test_staff_who_are_not_admins_do_not_see_the_standards_page(make_window) -> None:  # type: ignore[no-untyped-def]
    w = make_window(LIBRARIAN)
    assert w.standards is None
    names = [w.nav.item(i).text() for i in range(w.nav.count())]
    assert not any(n.startswith("标准") for n in names)
    assert any(n.startswith("合规") for n in names)
    assert not any(isinstance(w.stack.widget(i), StandardsPage) for i in range(w.stack.count()))


def test_dashboard_shows_the_points_figures(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    cards = [kit.reader() for _ in range(2)]
    items = kit.items(5)
    for card, bc in zip(cards * 3, items, strict=False):
        kit.desk.write(circulation.check_out, LIBRARIAN, card, bc)
    w = make_window(LIBRARIAN)
    page = w.compliance
    go_to(qtbot, w, page)
    qtbot.waitUntil(lambda: page.view.figures.rowCount() > 0, timeout=10_000)
    table = page.view.figures
    shown = {table.cell_text(r, 1): table.cell_text(r, 2) for r in range(table.rowCount())}
    year = kit.today().year
    with kit.desk.session(write=False) as s:  # raw rows, counted here
        loans = [
            ln
            for ln in s.scalars(select(Loan).where(Loan.point_id == kit.desk.point.id))
            if ln.checked_out_at.astimezone(BEIJING).year == year
        ]
    assert len(loans) == 5
    assert shown["年流通次数"] == "5"
    expected = kit.desk.read(compliance.point_compliance, LIBRARIAN, year)
    for f in expected.figures:
        assert f.name_zh in shown
    ratings = {table.cell_text(r, 1): table.cell_text(r, 6) for r in range(table.rowCount())}
    for f in expected.figures:
        assert ratings[f.name_zh].endswith(
            {"green": "达标", "amber": "接近", "red": "未达标", "none": "无数据"}[f.rating]
        )
    # the trend chart has this year's months up to today
    assert page.view.counts_chart.series()
    bars = page.view.counts_chart.series()[0].barSets()[0]
    assert sum(bars.at(i) for i in range(bars.count())) == 5


def test_duty_sign_on_and_off_changes_the_status_bar(make_window, kit, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = make_window(LIBRARIAN)
    w.refresh_status()
    qtbot.waitUntil(lambda: w.st_staff.text() != "")
    # Tuesday 10:00: the street branch is open, its minimum is 2, nobody is on duty
    assert w.st_staff.text() == "⚠ 在岗 0/2 人，人员不足"
    assert w.duty.button.text() == "上岗 (Ctrl+D)"
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.keyClick(w.circulation.scan, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.st_staff.text().startswith("⚠ 在岗 1/2"), timeout=10_000)
    assert w.st_staff.text() == "⚠ 在岗 1/2 人，人员不足"  # still one short
    assert "李馆员" in w.st_staff.toolTip()
    assert w.duty.button.text() == "离岗 (Ctrl+D)"
    assert w.statusBar().currentMessage() == "李馆员 已上岗。"
    with kit.desk.session(write=False) as s:  # the shift is a row, and an event to sync
        assert [(r.staff_code, r.ended_at) for r in s.scalars(select(DutyShift))] == [("lib", None)]
    assert kit.last_event().type == "duty.started"

    kit.desk.write(duty.sign_on, FRONT)  # a colleague signs on at the other desk
    w.refresh_status()
    qtbot.waitUntil(lambda: w.st_staff.text() == "在岗 2/2 人", timeout=10_000)
    assert w.st_staff.styleSheet() == ""  # no longer red

    qtbot.keyClick(w.circulation.scan, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.st_staff.text().startswith("⚠ 在岗 1/2"), timeout=10_000)
    assert "#b3261e" in w.st_staff.styleSheet()
    assert kit.last_event().type == "duty.ended"

    kit.at(kit.today(), 23)  # after closing time: shown, not red for the hour
    kit.desk.write(duty.sign_off, FRONT)
    w.refresh_status()
    qtbot.waitUntil(lambda: "非开放时间" in w.st_staff.text(), timeout=10_000)
    assert w.st_staff.text() == "在岗 0/2 人（非开放时间）"


def test_checklist_confirms_services_and_refuses_a_gap_without_a_note(
    make_window, kit, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from xclib_desk.services import checklist
    from xclib_desk.ui.duty import ChecklistDialog

    w = make_window(LIBRARIAN)
    dlg = ChecklistDialog(w.ctx, w)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.table.rowCount() > 0)
    n = dlg.table.rowCount()
    required = kit.desk.read(checklist.checklist, LIBRARIAN)
    assert n == len(required.items) and len(required.gaps) == n
    before = kit.counts()["outbox_event"]
    dlg.answer(0).setCurrentIndex(dlg.answer(0).findData(True))
    dlg.answer(1).setCurrentIndex(dlg.answer(1).findData(False))  # not provided, no note yet
    save = dlg.buttons.buttons()[0]
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.message.kind == "error")
    assert kit.counts()["outbox_event"] == before + 1  # the provided one only
    dlg.note(1).setText("场地维修")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.message.kind == "ok" and "已保存" in dlg.message.text())
    after = kit.desk.read(checklist.checklist, LIBRARIAN)
    assert [(i.provided, i.note) for i in after.items[:2]] == [(True, ""), (False, "场地维修")]
    assert len(after.gaps) == n - 1
    assert kit.counts()["outbox_event"] == before + 2
