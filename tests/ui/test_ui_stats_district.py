"""District statistics on the Statistics page (admins with a hub admin token), against a real hub.

Two points lend and count visits and sync; an admin at one of them switches the page to 全区 with
the keyboard: the charts show the counts of the hub's raw rows (by month, reader type, CLC class,
visits, and one bar per point), and the export opens in openpyxl with one row per point. With the
hub down the page says so in words and this point's figures still show. Staff who are not admins,
and admins without a token, never see the switch.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import select
from sync_fixtures import LIB, HubProc, Station, hub, station  # noqa: F401 - fixtures
from ui_helpers import ADMIN, LIBRARIAN, go_to

from xclib_desk.common.times import BEIJING
from xclib_desk.hub.models import HubItem, HubLoan, HubPoint, HubTitle, HubVisit
from xclib_desk.services import staff, visits
from xclib_desk.services.context import SYSTEM
from xclib_desk.standards.clc import top_class
from xclib_desk.sync.admin_client import save_admin_token
from xclib_desk.ui.context import UiContext
from xclib_desk.ui.main_window import MainWindow
from xclib_desk.ui.statspage import StatsPage


@pytest.fixture()
def district(hub: HubProc, station, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]  # noqa: F811
    """Two synced points with loans, returns and visits; the first keeps a hub admin token."""
    monkeypatch.setenv("XCLIB_DESK_NO_KEYRING", "1")
    a, b = station(level="street"), station()
    cards = [a.reader(), a.reader()]
    lent = [a.item() for _ in range(3)]
    for card, bc in zip(cards * 2, lent, strict=False):
        a.checkout(card, bc)
    a.checkin(lent[0])
    card_b = b.reader()
    for bc in [b.item(), b.item()]:
        b.checkout(card_b, bc)
    today = a.desk.clock.now().astimezone(BEIJING).date()
    a.desk.write(visits.record_visits, LIB, today.replace(day=1), 40)
    b.desk.write(visits.record_visits, LIB, today, 7)
    a.sync()
    b.sync()
    a.desk.write(
        staff.add_staff, SYSTEM, code="admin", name="王管理", role="admin", password="admin1234"
    )
    save_admin_token(a.desk.data_dir, a.desk.device_id, hub.admin_token())
    return a, b


def open_window(qtbot, st: Station, actor: Any = ADMIN) -> MainWindow:  # type: ignore[no-untyped-def]
    ctx = UiContext(st.desk, actor, "zh")
    ctx.sync_engine = st.engine
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def close_window(w: MainWindow) -> None:
    w.timer.stop()
    w.ctx.ops.shutdown()


def stats_page(qtbot, w: MainWindow) -> StatsPage:  # type: ignore[no-untyped-def]
    """Ctrl+<the page's number>, as staff would press it; this point's figures load first."""
    page = w.stats
    go_to(qtbot, w, page)
    qtbot.waitUntil(lambda: len(page.tables) == 6, timeout=10_000)
    return page


def to_district(qtbot, page: StatsPage) -> None:  # type: ignore[no-untyped-def]
    assert page.scope.isVisible() and page.scope.currentText() == "本馆"
    page.scope.setFocus()
    qtbot.keyClick(page.scope, Qt.Key.Key_Down)
    assert page.scope.currentText() == "全区"


def test_district_charts_match_the_hubs_rows_and_export_has_a_row_per_point(  # type: ignore[no-untyped-def]
    district,
    hub: HubProc,  # noqa: F811
    qtbot,
    tmp_path: Path,
) -> None:
    a, b = district
    w = open_window(qtbot, a)
    try:
        page = stats_page(qtbot, w)
        year = page.year.value()
        assert not page.tabs.isTabVisible(page.by_point_tab)
        to_district(qtbot, page)
        qtbot.waitUntil(lambda: page.shown_scope == "district", timeout=20_000)
        assert page.message.kind != "error", page.message.text()

        # the hub's raw rows, counted here
        loans = hub.query(
            select(
                HubLoan.point,
                HubLoan.checked_out_at,
                HubLoan.returned_at,
                HubLoan.reader_type,
                HubTitle.data["clc"].as_string(),
            )
            .join(HubItem, HubItem.barcode == HubLoan.item, isouter=True)
            .join(HubTitle, HubTitle.uid == HubItem.title_uid, isouter=True)
        )
        loans = [r for r in loans if utc(r[1]).astimezone(BEIJING).year == year]
        assert {r[0] for r in loans} >= {a.code, b.code} and len(loans) >= 5
        outs = Counter(utc(r[1]).astimezone(BEIJING).month for r in loans)
        shown = page.series_values("month")
        assert shown["借出"] == [float(outs[m]) for m in range(1, 13)]
        all_loans = hub.query(select(HubLoan.returned_at).where(HubLoan.returned_at.is_not(None)))
        backs = Counter(
            utc(r[0]).astimezone(BEIJING).month
            for r in all_loans
            if utc(r[0]).astimezone(BEIJING).year == year
        )
        assert shown["归还"] == [float(backs[m]) for m in range(1, 13)]

        by_type = Counter(r[3] for r in loans)
        got = dict(
            zip(
                page.categories("reader_type"),
                page.series_values("reader_type")["借出"],
                strict=True,
            )
        )
        assert got == {a.desk.policy.reader_types[k].name_zh: float(n) for k, n in by_type.items()}
        by_class = Counter(top_class(r[4]) for r in loans)
        got = dict(zip(page.categories("clc"), page.series_values("clc")["借出"], strict=True))
        assert got == {k: float(n) for k, n in by_class.items()}

        points = {code: name for code, name in hub.query(select(HubPoint.code, HubPoint.name))}
        per_point = Counter(r[0] for r in loans)
        got = dict(
            zip(page.categories("by_point"), page.series_values("by_point")["借出"], strict=True)
        )
        assert got == {points[c]: float(per_point[c]) for c in points}  # one bar per point
        assert got[points[a.code]] >= 3 and got[points[b.code]] >= 2
        assert page.tabs.isTabVisible(page.by_point_tab)

        month_now = a.desk.clock.now().astimezone(BEIJING).month
        seen = Counter()
        for day, n in hub.query(select(HubVisit.day, HubVisit.count)):
            if day.year == year:
                seen[day.month] += n
        assert page.series_values("visits")["到馆人次"] == [
            float(seen[m]) for m in range(1, month_now + 1)
        ]
        summary = {page.summary.cell_text(r, 0): page.summary.cell_text(r, 1) for r in range(5)}
        assert summary["年流通次数"] == str(len(loans))
        assert summary["到馆人次"] == str(sum(seen.values()))
        assert summary["服务点数"] == str(len(points))
        assert f"借出 {len(loans)} 次" in page.info.text() and "全区" in page.info.text()

        target = tmp_path / "district.xlsx"
        assert page.export(target) is not None
        qtbot.waitUntil(lambda: page.message.kind == "ok", timeout=10_000)
        assert str(target) in page.message.text()
        wb = load_workbook(target)
        sheet = wb[f"{year} 各服务点汇总 by point"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert sorted(r[0] for r in rows[:-1]) == sorted(points)  # one row per point
        assert rows[-1][0] == "合计 total" and rows[-1][3] == len(loans)
        assert {r[0]: r[3] for r in rows[:-1]} == {c: per_point[c] for c in points}
        assert "各点按月借出 checkouts" in wb.sheetnames

        csv_target = tmp_path / "district.csv"
        page.export(csv_target)
        qtbot.waitUntil(lambda: str(csv_target) in page.message.text(), timeout=10_000)
        assert f"{a.code}," in csv_target.read_text(encoding="utf-8-sig")

        # back to this point: its own figures, no by-point chart
        qtbot.keyClick(page.scope, Qt.Key.Key_Up)
        qtbot.waitUntil(lambda: page.shown_scope == "point", timeout=10_000)
        assert len(page.tables) == 6 and not page.tabs.isTabVisible(page.by_point_tab)
        assert sum(page.series_values("month")["借出"]) == per_point[a.code]
    finally:
        close_window(w)


def utc(at: Any) -> Any:
    """Hub times come back naive from SQLite: they are UTC."""
    from datetime import UTC

    return at if at.tzinfo else at.replace(tzinfo=UTC)


def test_hub_down_says_so_and_the_point_scope_still_works(  # type: ignore[no-untyped-def]
    district,
    hub: HubProc,  # noqa: F811
    qtbot,
) -> None:
    a, _b = district
    w = open_window(qtbot, a)
    hub.stop()
    try:
        page = stats_page(qtbot, w)
        to_district(qtbot, page)
        qtbot.waitUntil(lambda: page.message.kind == "error", timeout=30_000)
        assert "无法连接区馆中心" in page.message.text()
        assert page.scope.currentText() == "本馆"  # back to this point, its figures still shown
        assert page.shown_scope == "point" and len(page.tables) == 6
        assert sum(page.series_values("month")["借出"]) == 3
        assert not page.tabs.isTabVisible(page.by_point_tab)
    finally:
        close_window(w)
        hub.start()


def test_non_admins_and_admins_without_a_token_see_no_scope_switch(make_window) -> None:  # type: ignore[no-untyped-def]
    for actor in (LIBRARIAN, ADMIN):  # the plain desk keeps no hub admin token
        w = make_window(actor)
        assert w.stats.scope.isHidden() and w.stats.scope_label.isHidden()
        assert not w.stats.district_scope()
