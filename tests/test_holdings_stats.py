"""Point statistics for a year, checked against counts computed here from the raw rows."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FRONT, LIBRARIAN, POINT, Kit
from openpyxl import load_workbook

from xclib_desk import cli
from xclib_desk.common.figures import LABELS, TOTAL, UNCLASSIFIED, title
from xclib_desk.errors import DeskError
from xclib_desk.services import circulation, holdings, stats, visits
from xclib_desk.standards.clc import top_class
from xclib_desk.store import STORE_FILE

YEAR = 2026


def raw(kit: Kit, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(kit.desk.data_dir / STORE_FILE)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def beijing(stored: str) -> datetime:
    """Stored times are naive UTC strings."""
    return datetime.fromisoformat(stored) + timedelta(hours=8)


@pytest.fixture()
def history(kit: Kit) -> dict[str, str]:
    """Loans across the year (and across the New Year's Eve boundary) by three reader types."""
    adult, senior, child = kit.reader("adult"), kit.reader("senior"), kit.reader("child")
    t_lit = kit.title("红楼梦", clc="I242.47")
    t_it = kit.title("Python编程", clc="TP311.561")
    t_hist = kit.title("史记", clc="K204.2")
    t_none = kit.title("无分类的书", clc="")
    n = 0

    def copy(uid: str, material: str = "book") -> str:
        nonlocal n
        n += 1
        code = f"X{900000000 + n:09d}"
        kit.desk.write(
            holdings.add_item,
            LIBRARIAN,
            barcode=code,
            title_ref=uid,
            call_number="I242.47/C521",
            material_type=material,
        )
        return code

    plan = [
        # (Beijing day, hour, reader, title, material, returned after days or None)
        (date(2025, 12, 31), 23, adult, t_lit, "book", 10),  # 2025 in Beijing
        (date(2026, 1, 1), 0, adult, t_it, "book", 40),  # 2026-01 in Beijing, 2025 in UTC
        (date(2026, 1, 20), 10, senior, t_hist, "book", 5),
        (date(2026, 3, 3), 10, adult, t_lit, "book", 20),
        (date(2026, 3, 28), 10, child, t_none, "child_book", 10),
        (date(2026, 3, 30), 10, senior, t_it, "book", None),
        (date(2026, 7, 15), 10, adult, t_hist, "book", 3),
        (date(2026, 11, 2), 10, child, t_lit, "child_book", None),
    ]
    for day, hour, card, uid, material, back in plan:
        code = copy(uid, material)
        kit.at(day, hour)
        kit.desk.write(circulation.check_out, FRONT, card, code)
        if back is not None:
            kit.at(day + timedelta(days=back), 11)
            kit.desk.write(circulation.check_in, FRONT, code)
    kit.at(date(2026, 11, 24))
    for day, count in ((date(2026, 1, 5), 120), (date(2026, 1, 6), 80), (date(2026, 3, 1), 55)):
        kit.desk.write(visits.record_visits, FRONT, day, count)
    kit.desk.write(visits.record_visits, FRONT, date(2025, 12, 30), 999)
    return {"adult": adult, "senior": senior, "child": child}


def rows_of(table: stats.Table) -> dict[str, list[Any]]:
    return {str(r[0]): r[1:] for r in table.rows}


def test_circulation_by_month_matches_raw_rows(kit: Kit, history: dict[str, str]) -> None:
    table = kit.desk.read(stats.circulation_by_month, FRONT, YEAR)
    loans = raw(kit, "SELECT checked_out_at, returned_at FROM loan")
    outs = Counter(beijing(a).month for a, _ in loans if beijing(a).year == YEAR)
    backs = Counter(beijing(b).month for _, b in loans if b and beijing(b).year == YEAR)
    got = rows_of(table)
    for m in range(1, 13):
        assert got[f"{YEAR}-{m:02d}"] == [outs[m], backs[m]]
    assert got[TOTAL] == [sum(outs.values()), sum(backs.values())]
    assert got[f"{YEAR}-01"][0] == 2  # the 00:00 Beijing loan of New Year's Day counts here
    assert sum(outs.values()) == 7


def test_circulation_by_reader_type_and_class(kit: Kit, history: dict[str, str]) -> None:
    loans = raw(
        kit,
        "SELECT l.checked_out_at, l.reader_type, t.clc FROM loan l "
        "JOIN item i ON i.id = l.item_id JOIN title t ON t.id = i.title_id",
    )
    this_year = [(rt, clc) for at, rt, clc in loans if beijing(at).year == YEAR]
    by_type = Counter(rt for rt, _ in this_year)
    got = rows_of(kit.desk.read(stats.circulation_by_reader_type, FRONT, YEAR))
    assert {k: v[1] for k, v in got.items() if k != TOTAL} == dict(by_type)
    assert got["adult"][0] == kit.desk.policy.reader_types["adult"].name_zh
    by_class = Counter(top_class(c) if c else UNCLASSIFIED for _, c in this_year)
    got = rows_of(kit.desk.read(stats.circulation_by_class, FRONT, YEAR))
    assert {k: v[0] for k, v in got.items() if k != TOTAL} == dict(by_class)
    assert got["TP"] == [2] and got[UNCLASSIFIED] == [1]


def test_new_acquisitions_and_visits(kit: Kit, history: dict[str, str]) -> None:
    items = raw(kit, "SELECT created_at, title_id FROM item WHERE owner_point_id = 1")
    this_year = [(beijing(c), t) for c, t in items if beijing(c).year == YEAR]
    got = rows_of(kit.desk.read(stats.new_acquisitions, FRONT, YEAR))
    per_month = Counter(c.month for c, _ in this_year)
    for m in range(1, 13):
        assert got[f"{YEAR}-{m:02d}"][0] == per_month[m]
    assert got[TOTAL] == [len(this_year), len({t for _, t in this_year})]

    visits_raw = raw(kit, "SELECT day, count FROM visit_count WHERE point_id = 1")
    per_month = Counter()
    for day, count in visits_raw:
        d = date.fromisoformat(day)
        if d.year == YEAR:
            per_month[d.month] += count
    got = rows_of(kit.desk.read(stats.visits_by_month, FRONT, YEAR))
    assert got[f"{YEAR}-01"] == [200] and got[f"{YEAR}-03"] == [55]
    assert got[TOTAL] == [sum(per_month.values())] == [255]


def test_summary_and_exports(kit: Kit, history: dict[str, str], tmp_path: Path) -> None:
    with kit.desk.session(write=True) as s:
        s.connection().exec_driver_sql("UPDATE point SET served_population = 1000 WHERE id = 1")
    tables = kit.desk.read(stats.point_statistics, FRONT, YEAR)
    summary = rows_of(tables[0])
    owned = raw(
        kit, "SELECT count(*) FROM item WHERE owner_point_id = 1 AND status NOT IN ('lost')"
    )[0][0]
    assert summary["holdings"] == [owned, round(owned / 1000, 3)]
    assert summary["circulation"][0] == 7
    assert summary["visits"] == [255, 0.255]

    xlsx = stats.export(tables, tmp_path / "s.xlsx")
    wb = load_workbook(xlsx)
    assert len(wb.sheetnames) == 6
    assert tables[1].code == "circulation_by_month"
    month_sheet = wb[title(tables[1], "both")[:31]]
    assert month_sheet.title == "按月流通 by month"
    assert wb.sheetnames[0] == f"{POINT} {YEAR} 汇总 summary"
    assert list(month_sheet.iter_rows(values_only=True))[-1] == ("合计 total", 7, 6)
    out = stats.export(tables, tmp_path / "s.csv")
    with out.open(encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    assert ["合计 total", "7", "6"] in lines


def test_every_code_has_its_words(kit: Kit, history: dict[str, str]) -> None:
    """Tables are codes; the one label table words each of them (none shown raw by accident)."""
    for t in kit.desk.read(stats.point_statistics, FRONT, YEAR):
        assert t.code in LABELS and all(c in LABELS for c in t.columns), t.code
        assert t.code == "summary" or t.rows[-1][0] == TOTAL  # a summary has no total
    summary = kit.desk.read(stats.summary, FRONT, YEAR)
    assert all(r[0] in LABELS for r in summary.rows) and summary.scope == [POINT, str(YEAR)]


def test_bad_year_is_refused(kit: Kit) -> None:
    for bad in ("二〇二六", "1800", ""):
        with pytest.raises(DeskError) as e:
            kit.desk.read(stats.point_statistics, FRONT, bad)
        assert e.value.code == "bad_input"


def test_cli_stats(kit: Kit, history: dict[str, str], tmp_path: Path, capsys: Any) -> None:
    kit.desk.close()
    out = tmp_path / "stats.xlsx"
    base = ["--data-dir", str(kit.desk.data_dir), "stats", "--year", str(YEAR)]
    assert cli.main([*base, "--export", str(out)]) == 0
    assert "合计\t7\t6" in capsys.readouterr().out and out.exists()
    assert cli.main(["--lang", "en", *base]) == 0
    text_en = capsys.readouterr().out
    assert "by month\nmonth\tcheckouts\treturns" in text_en and "total\t7\t6" in text_en
    assert cli.main(["--json", *base]) == 0
    result = json.loads(capsys.readouterr().out)["result"]
    assert [t["code"] for t in result][:2] == ["summary", "circulation_by_month"]
    assert result[1]["columns"] == ["month", "checkouts", "returns"]
    assert result[1]["rows"][-1] == [TOTAL, 7, 6]
    assert cli.main([*base, "--export", str(tmp_path / "stats.pdf")]) == 1
