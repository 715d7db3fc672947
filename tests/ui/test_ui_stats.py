"""The Statistics page: charts show the counts of the raw rows, and the export opens in openpyxl."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from ui_helpers import FRONT, LIBRARIAN

from xclib_desk.services import circulation, holdings, visits
from xclib_desk.standards.clc import top_class
from xclib_desk.store import STORE_FILE

YEAR = 2026


def raw(desk: Any, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(desk.data_dir / STORE_FILE)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def beijing(stored: str) -> datetime:
    return datetime.fromisoformat(stored) + timedelta(hours=8)


def make_history(kit: Any) -> None:
    """Loans in several months (one at 00:30 on New Year's Day), two reader types, visits."""
    adult, child = kit.reader("adult"), kit.reader("child")
    titles = [
        kit.title("红楼梦", clc="I242.47"),
        kit.title("Python编程", clc="TP311.561"),
        kit.title("史记", clc="K204.2"),
    ]
    plan = [
        (date(2025, 12, 31), 23, adult, 0, "book", 3),  # 2025 in Beijing: not counted
        (date(2026, 1, 1), 0, adult, 1, "book", 2),
        (date(2026, 3, 3), 10, adult, 0, "book", 20),
        (date(2026, 3, 9), 10, child, 2, "child_book", None),
        (date(2026, 7, 15), 10, adult, 2, "book", 3),
        (date(2026, 11, 2), 10, adult, 1, "book", None),
    ]
    for n, (day, hour, card, t, material, back) in enumerate(plan):
        code = f"X{700000000 + n:09d}"
        kit.desk.write(
            holdings.add_item,
            LIBRARIAN,
            barcode=code,
            title_ref=titles[t],
            call_number="I242.47/C521",
            material_type=material,
        )
        kit.at(day, hour)
        kit.desk.write(circulation.check_out, FRONT, card, code)
        if back is not None:
            kit.at(day + timedelta(days=back), 11)
            kit.desk.write(circulation.check_in, FRONT, code)
    kit.at(date(2026, 11, 24))
    for day, count in ((date(2026, 1, 5), 120), (date(2026, 1, 6), 80), (date(2026, 5, 1), 55)):
        kit.desk.write(visits.record_visits, FRONT, day, count)


def test_stats_page_charts_match_raw_rows_and_export_xlsx(  # type: ignore[no-untyped-def]
    make_window, kit, qtbot, tmp_path: Path
) -> None:
    make_history(kit)
    window = make_window(LIBRARIAN)
    page = window.stats
    window.nav.setCurrentRow(window.stack.indexOf(page))
    assert page.year.value() == YEAR  # the desk's year by default
    qtbot.waitUntil(lambda: len(page.tables) == 6, timeout=10_000)

    loans = raw(
        kit.desk,
        "SELECT l.checked_out_at, l.returned_at, l.reader_type, t.clc FROM loan l "
        "JOIN item i ON i.id = l.item_id JOIN title t ON t.id = i.title_id",
    )
    outs = Counter(beijing(a).month for a, *_ in loans if beijing(a).year == YEAR)
    backs = Counter(beijing(b).month for _, b, *_ in loans if b and beijing(b).year == YEAR)
    shown = page.series_values("month")
    assert shown["借出"] == [float(outs[m]) for m in range(1, 13)]
    assert shown["归还"] == [float(backs[m]) for m in range(1, 13)]
    assert shown["借出"][0] == 1  # 00:00 Beijing on 1 January counts in January
    assert page.categories("month") == [str(m) for m in range(1, 13)]

    by_type = Counter(rt for at, _b, rt, _c in loans if beijing(at).year == YEAR)
    names = page.categories("reader_type")
    values = page.series_values("reader_type")["借出"]
    assert dict(zip(names, values, strict=True)) == {
        kit.desk.policy.reader_types[k].name_zh: float(v) for k, v in by_type.items()
    }
    by_class = Counter(top_class(c) for at, _b, _rt, c in loans if beijing(at).year == YEAR)
    got = dict(zip(page.categories("clc"), page.series_values("clc")["借出"], strict=True))
    assert got == {k: float(v) for k, v in by_class.items()}

    day_counts = raw(kit.desk, "SELECT day, count FROM visit_count")
    per_month = Counter()
    for day, count in day_counts:
        if day.startswith(str(YEAR)):
            per_month[int(day[5:7])] += count
    # the line stops at the desk's month (24 November): no fall to 0 in December yet
    assert page.series_values("visits")["到馆人次"] == [float(per_month[m]) for m in range(1, 12)]

    owned = raw(
        kit.desk,
        "SELECT count(*) FROM item WHERE location_point_id = "
        "(SELECT point_id FROM store_meta) AND status NOT IN ('lost', 'withdrawn', 'in_transit')",
    )
    summary = {page.summary.cell_text(r, 0): page.summary.cell_text(r, 1) for r in range(5)}
    assert summary["藏书量"] == str(owned[0][0])
    assert summary["年流通次数"] == str(sum(outs.values()))
    assert summary["到馆人次"] == str(sum(per_month.values()))
    assert f"借出 {sum(outs.values())} 次" in page.info.text()

    target = tmp_path / "stats.xlsx"
    op = page.export(target)
    assert op is not None
    qtbot.waitUntil(lambda: page.message.kind == "ok", timeout=10_000)
    assert str(target) in page.message.text()
    wb = load_workbook(target)
    by_month = wb["按月流通 by month"]
    rows = list(by_month.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows[:12]] == [outs[m] for m in range(1, 13)]
    assert rows[12] == ("合计 total", sum(outs.values()), sum(backs.values()))


def test_stats_page_other_year_and_refused_export(make_window, kit, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_history(kit)
    window = make_window(LIBRARIAN)
    page = window.stats
    window.nav.setCurrentRow(window.stack.indexOf(page))
    qtbot.waitUntil(lambda: len(page.tables) == 6, timeout=10_000)
    page.year.setFocus()
    qtbot.keyClick(page.year, Qt.Key.Key_Down)  # 2025: the New Year's Eve loan only
    # a past year is counted whole, and says so
    qtbot.waitUntil(lambda: "2025 全年：借出" in page.info.text())
    assert page.summary_box.title() == "汇总 · 2025 全年"
    assert page.series_values("month")["借出"][11] == 1
    assert sum(page.series_values("month")["借出"]) == 1
    page.export(tmp_path / "stats.pdf")  # neither xlsx nor csv: refused in words
    qtbot.waitUntil(lambda: page.message.kind == "error")
    assert ".xlsx" in page.message.text()
    assert not (tmp_path / "stats.pdf").exists()


def test_stats_page_in_english_labels_the_codes(make_window, kit, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The service returns codes; the page words them in English, the export in both languages."""
    make_history(kit)
    window = make_window(LIBRARIAN, lang="en")
    page = window.stats
    window.nav.setCurrentRow(window.stack.indexOf(page))
    qtbot.waitUntil(lambda: len(page.tables) == 6, timeout=10_000)
    assert [r[0] for r in page.tables[0].rows] == [
        "holdings",
        "new_acquisitions",
        "circulation",
        "visits",
        "served_population",
        # holds (预约) to collect here
        "holds_placed",
        "holds_filled",
        "holds_lapsed",
        "holds_expired",
        "median_days_to_fill",
        # fees settled here (common.figures.fees_table), as the package charges fees
        "fees_collected",
        "collected_yuan",
        "fees_waived",
        "waived_yuan",
    ]
    figures = [page.summary.cell_text(r, 0) for r in range(5)]
    assert figures == [
        "Holdings",
        "New acquisitions",
        "Annual circulation",
        "Visits",
        "Population served",
    ]
    assert page.summary.cell_text(2, 1) == "5"
    target = tmp_path / "stats.csv"
    assert page.export(target) is not None
    qtbot.waitUntil(lambda: page.message.kind == "ok", timeout=10_000)
    text = target.read_text(encoding="utf-8-sig")
    assert "# 按月流通 by month" in text and "合计 total,5," in text
