"""Compliance and district statistics on a demo network: real desks, a real hub process.

Two points work through last year (a whole year in the past, so every figure is final): they
catalogue copies, register readers, lend and take back, count visitors, and sync. Every figure
the hub reports, and every figure each desk shows itself, is checked against counts computed
here from the raw rows (SQL over the tables, not the code under test).
"""

from __future__ import annotations

import calendar
import csv
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.orm import Session
from sync_fixtures import LIB, FixedClock, HubProc, Station, hub, point_code  # noqa: F401

from xclib_desk.common.figures import LABELS, TOTAL, UNCLASSIFIED
from xclib_desk.common.times import BEIJING
from xclib_desk.hub import cli as hub_cli
from xclib_desk.hub.compliance import compliance_report
from xclib_desk.hub.db import make_engine
from xclib_desk.protocol.reports import DistrictStatsOut
from xclib_desk.services import checklist, compliance, duty, staff, visits
from xclib_desk.services.context import SYSTEM
from xclib_desk.standards import kpi
from xclib_desk.standards.clc import top_class
from xclib_desk.standards.kpi import ComplianceReport
from xclib_desk.standards.policy import load_bundled
from xclib_desk.standards.schema import PointLevel
from xclib_desk.store import STORE_FILE

YEAR = datetime.now(BEIJING).year - 1
OPENED = date(YEAR, 3, 2)
DEC31 = date(YEAR, 12, 31)


#: per level: (day, [(staff, on hour, off hour)]); community needs 1 on duty, street 2
DUTY = {
    "community": [
        (date(YEAR, 3, 3), [("lib", 9, 17)]),
        (date(YEAR, 3, 4), [("lib", 9, 12), ("desk2", 11, 18)]),
        (date(YEAR, 7, 2), [("desk2", 13, 20)]),
    ],
    "street": [
        (date(YEAR, 4, 2), [("lib", 9, 17), ("desk2", 9, 12)]),
        (date(YEAR, 4, 3), [("lib", 8, 20), ("desk2", 8, 20)]),
    ],
}
#: per level: (month, {service: provided}) confirmed by the librarian
SERVICES = {
    "community": [
        (
            f"{YEAR}-03",
            {"borrow_return": True, "reader_registration": True, "reading_promotion": True},
        ),
        (f"{YEAR}-04", {"borrow_return": True, "reading_promotion": False}),
    ],
    "street": [(f"{YEAR}-05", {"borrow_return": True, "children_reading": True})],
}


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), BEIJING)


def bj(value: Any) -> datetime:
    """A stored timestamp (naive UTC; a string from SQLite) as Beijing time."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(BEIJING)


class Net:
    def __init__(self, hub_: HubProc, stations: list[Station], clock: FixedClock) -> None:
        self.hub, self.stations, self.clock = hub_, stations, clock

    def raw_hub(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.hub.query(text(sql).bindparams(**params))]


def desk_raw(st: Station, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(st.dir / STORE_FILE)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def net(
    hub: HubProc,  # noqa: F811 - the fixture
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Net]:
    clock = FixedClock(at(OPENED))
    root = tmp_path_factory.mktemp("net")
    a = Station(hub, root, point_code(), level="community", clock=clock)
    b = Station(hub, root, point_code(), level="street", clock=clock)
    for st, pop in ((a, 2000), (b, 30000)):  # served population, recorded at the hub
        hub.cli("point", "set", "--code", st.code, "--population", str(pop))
    plan = {
        # station: [(day, copies added, check-outs, returned after days or None)]
        a.code: [(date(YEAR, 3, 5), 6, 4, 10), (date(YEAR, 6, 10), 3, 2, None)],
        b.code: [(date(YEAR, 4, 1), 5, 3, 20), (date(YEAR, 11, 20), 4, 4, 30)],
    }
    for st in (a, b):
        clock.at = at(OPENED, 11)
        for code, role in (("lib", "librarian"), ("desk2", "desk")):
            st.desk.write(staff.add_staff, SYSTEM, code=code, name=code, role=role,
                          password="pass12345")  # fmt: skip
        cards = [st.reader() for _ in range(3)]
        for day, copies, outs, back in plan[st.code]:
            clock.at = at(day)
            items = [st.item() for _ in range(copies)]
            for i, bc in enumerate(items[:outs]):
                st.checkout(cards[i % len(cards)], bc)
            if back is not None:
                clock.at = at(day + timedelta(days=back), 15)
                for bc in items[:outs]:
                    st.checkin(bc)
        for day, count in ((date(YEAR, 3, 6), 40), (date(YEAR, 7, 1), 25), (date(YEAR, 12, 30), 9)):
            clock.at = at(day, 18)
            st.desk.write(visits.record_visits, LIB, day, count)
        for day, stints in DUTY[st.desk.point.level]:
            for code, on, _off in stints:
                clock.at = at(day, on)
                st.desk.write(duty.sign_on, SYSTEM, code)
            for code, _on, off in sorted(stints, key=lambda x: x[2]):
                clock.at = at(day, off)
                st.desk.write(duty.sign_off, SYSTEM, code)
        for period, answers in SERVICES[st.desk.point.level]:
            clock.at = at(date.fromisoformat(period + "-28"), 16)
            for service, provided in answers.items():
                st.desk.write(
                    checklist.confirm, LIB, service, provided, None if provided else "停电", period
                )
        st.sync()
    for st in (a, b):
        st.sync()  # the second round brings back what the other point changed
    clock.at = at(DEC31 + timedelta(days=2))  # the year is over
    yield Net(hub, [a, b], clock)
    for st in (a, b):
        st.close()


# --- figures computed here from raw rows ------------------------------------------------------
def expected_hub(net: Net, code: str) -> dict[str, Any]:
    r = net.raw_hub
    holdings = r(
        "SELECT count(*) FROM hub_item WHERE location = :c "
        "AND status NOT IN ('lost', 'withdrawn', 'in_transit')",
        c=code,
    )[0][0]
    circ = sum(1 for (t,) in r("SELECT checked_out_at FROM hub_loan WHERE point = :c", c=code)
               if t is not None and bj(t).year == YEAR)  # fmt: skip
    acq = sum(1 for (t,) in r("SELECT added_at FROM hub_item WHERE owner = :c", c=code)
              if t is not None and bj(t).year == YEAR)  # fmt: skip
    vis = sum(n for d, n in r("SELECT day, count FROM hub_visit WHERE point_code = :c", c=code)
              if str(d)[:4] == str(YEAR))  # fmt: skip
    pop = r("SELECT population FROM hub_point WHERE code = :c", c=code)[0][0]
    shifts = r("SELECT staff_code, started_at, ended_at FROM hub_duty_shift WHERE point_code = :c",
               c=code)  # fmt: skip
    checks = r("SELECT period, service, provided FROM hub_service_check WHERE point_code = :c",
               c=code)  # fmt: skip
    return {"holdings": holdings, "circulation": circ, "acquisitions": acq, "visits": vis,
            "population": pop, "shifts": shifts, "checks": checks}  # fmt: skip


def expected_desk(st: Station) -> dict[str, Any]:
    me = desk_raw(st, "SELECT id, served_population FROM point WHERE code = ?", st.code)[0]
    holdings = desk_raw(
        st,
        "SELECT count(*) FROM item WHERE location_point_id = ? "
        "AND status NOT IN ('lost', 'withdrawn', 'in_transit')",
        me[0],
    )[0][0]
    circ = sum(1 for (t,) in desk_raw(st, "SELECT checked_out_at FROM loan WHERE point_id = ?",
                                      me[0]) if bj(t).year == YEAR)  # fmt: skip
    acq = sum(1 for (t,) in desk_raw(st, "SELECT created_at FROM item WHERE owner_point_id = ?",
                                     me[0]) if bj(t).year == YEAR)  # fmt: skip
    vis = sum(n for d, n in desk_raw(st, "SELECT day, count FROM visit_count WHERE point_id = ?",
                                     me[0]) if d.startswith(str(YEAR)))  # fmt: skip
    shifts = desk_raw(st, "SELECT staff_code, started_at, ended_at FROM duty_shift")
    checks = desk_raw(st, "SELECT period, service, provided FROM service_check")
    return {"holdings": holdings, "circulation": circ, "acquisitions": acq, "visits": vis,
            "population": me[1], "shifts": shifts, "checks": checks}  # fmt: skip


def minutes(shifts: list[tuple[Any, ...]], min_staff: int) -> tuple[int, int]:
    """Open minutes (anyone on duty) and minutes with at least ``min_staff`` on duty."""
    on: Counter[datetime] = Counter()
    for _staff, start, end in shifts:
        t, stop = bj(start), bj(end)
        while t < stop:
            on[t] += 1
            t += timedelta(minutes=1)
    return len(on), sum(1 for n in on.values() if n >= min_staff)


def share() -> float:
    return ((DEC31 - OPENED).days + 1) / (366 if calendar.isleap(YEAR) else 365)


def check_figures(pc: kpi.PointCompliance, want: dict[str, Any], level: str) -> None:
    f = {x.key: x for x in pc.figures}
    targets = load_bundled().standards.kpi_targets[PointLevel(level)]
    pop = want["population"]
    assert f["circulation"].value == want["circulation"] > 0
    assert f["new_acquisitions"].value == want["acquisitions"] > 0
    assert f["circulation"].target == pytest.approx(targets.annual_circulation * share(), abs=1e-3)
    assert f["new_acquisitions"].target == pytest.approx(
        targets.new_acquisitions_per_year * share(), abs=1e-3
    )
    if pop:
        assert f["holdings_per_capita"].value == round(want["holdings"] / pop, 3)
        assert f["visits_per_capita"].value == round(want["visits"] / pop, 3)
    else:
        assert f["holdings_per_capita"].value is None
        assert f["holdings_per_capita"].rating == "none"
    # the rule: green at target, amber from 80 %, red below (a small point lends far less)
    circ = f["circulation"]
    assert circ.target is not None and circ.value is not None
    assert circ.rating == ("green" if circ.value >= circ.target else
                           "amber" if circ.value >= 0.8 * circ.target else "red")  # fmt: skip
    pkg = load_bundled()
    open_min, staffed = minutes(want["shifts"], pkg.staffing.min_on_duty[PointLevel(level)])
    assert open_min > 0
    hours_days = (date(YEAR + 1, 1, 1) - OPENED).days
    assert f["weekly_opening_hours"].value == round(open_min / 60 / (hours_days / 7), 1)
    assert f["weekly_opening_hours"].rating == "red"  # a few days' shifts in a whole year
    assert f["staffing_minimum"].value == round(100 * staffed / open_min, 1)
    share_ok = staffed / open_min
    assert f["staffing_minimum"].rating == (
        "green" if share_ok == 1 else "amber" if share_ok >= 0.8 else "red"
    )
    required = pkg.service.required_services[PointLevel(level)]
    months = {f"{YEAR}-{m:02d}" for m in range(3, 13)}
    confirmed = sum(1 for p, s, ok in want["checks"] if ok and p in months and s in required)
    assert confirmed > 0
    assert f["services_checklist"].value == round(100 * confirmed / (len(required) * 10), 1)
    assert pc.unifications[kpi.Unification.standards] == "red"
    assert pc.overall == "red"
    assert f["standards_current"].value == 0 and f["standards_current"].rating == "green"
    assert f["barcode_conformity"].value == 100.0 and f["barcode_conformity"].rating == "green"
    months = {t.month: t for t in pc.trend}
    assert list(months) == [f"{YEAR}-{m:02d}" for m in range(3, 13)]  # from the opening month
    assert sum(t.circulation for t in pc.trend) == want["circulation"]
    assert sum(t.visits for t in pc.trend) == want["visits"]


def test_hub_figures_match_raw_rows(net: Net) -> None:
    engine = make_engine(net.hub.db)
    with Session(engine) as s:
        report = compliance_report(s, YEAR)
    engine.dispose()
    by_code = {p.point_code: p for p in report.points}
    assert report.year == YEAR and report.as_of == DEC31
    for st, level in zip(net.stations, ("community", "street"), strict=True):
        pc = by_code[st.code]
        want = expected_hub(net, st.code)
        assert want["population"] in (2000, 30000)
        check_figures(pc, want, level)
        assert pc.population == want["population"]
        assert sum(t.new_acquisitions for t in pc.trend) == want["acquisitions"]


def test_each_desk_sees_the_same_figures(net: Net) -> None:
    for st, level in zip(net.stations, ("community", "street"), strict=True):
        pc = st.desk.read(compliance.point_compliance, LIB, YEAR)
        want = expected_desk(st)
        check_figures(pc, want, level)
        hub_want = expected_hub(net, st.code)
        # after syncing, the point's own rows and the hub's agree
        for k in ("holdings", "circulation", "acquisitions", "visits"):
            assert want[k] == hub_want[k], k
        # one definition: the point's dashboard and the district report say the same
        engine = make_engine(net.hub.db)
        with Session(engine) as s:
            at_hub = next(p for p in compliance_report(s, YEAR).points if p.point_code == st.code)
        engine.dispose()
        mine = {x.key: (x.value, x.target, x.rating) for x in pc.figures if x.key != "reporting"}
        assert mine == {
            x.key: (x.value, x.target, x.rating) for x in at_hub.figures if x.key != "reporting"
        }
        assert pc.trend == at_hub.trend and pc.population == at_hub.population


# --- the report files ---------------------------------------------------------------------------
def run_hub(*args: str, capsys: Any) -> tuple[int, str, str]:
    rc = hub_cli.main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_compliance_report_formats(net: Net, tmp_path: Path, capsys: Any) -> None:
    points = net.raw_hub("SELECT code FROM hub_point ORDER BY code")
    xlsx = tmp_path / "c.xlsx"
    rc, _out, err = run_hub("report", "compliance", "--db", net.hub.db, "--year", str(YEAR),
                            "--format", "xlsx", "--out", str(xlsx), capsys=capsys)  # fmt: skip
    assert rc == 0, err
    wb = load_workbook(xlsx)
    sheet, trend, reading = wb.worksheets  # reading promotion: docs/activities.md
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [p[0] for p in points]  # one row per point
    assert [r[0] for r in list(reading.iter_rows(values_only=True))[1:]] == [p[0] for p in points]
    header = list(rows[0])
    code_a = net.stations[0].code
    row_a = next(r for r in rows if r[0] == code_a)
    column = header.index("年流通次数 circulation this year")
    assert row_a[column] == expected_hub(net, code_a)["circulation"]
    assert header[column + 1 : column + 3] == [
        "目标 年流通次数 target circulation this year",
        "评级 年流通次数 rating circulation this year",
    ]
    trend_rows = list(trend.iter_rows(values_only=True))[1:]
    assert (
        sum(r[2] for r in trend_rows if r[0] == code_a) == expected_hub(net, code_a)["circulation"]
    )

    out = tmp_path / "c.csv"
    rc, _o, err = run_hub("report", "compliance", "--db", net.hub.db, "--year", str(YEAR),
                          "--format", "csv", "--out", str(out), capsys=capsys)  # fmt: skip
    assert rc == 0, err
    with out.open(encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    assert any(line and line[0] == code_a for line in lines)

    rc, text_out, err = run_hub("report", "compliance", "--db", net.hub.db, "--year", str(YEAR),
                                "--format", "json", capsys=capsys)  # fmt: skip
    assert rc == 0, err
    report = ComplianceReport.model_validate_json(text_out)
    assert [p.point_code for p in report.points] == [p[0] for p in points]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "abc", "--format", "json"], "year"),
        (["--year", "1800", "--format", "xlsx"], "year"),
        (["--year", str(YEAR + 5), "--format", "csv"], "begun"),
        (["--year", str(YEAR), "--format", "csv", "--out", "r.xlsx"], ".csv"),
    ],
)
def test_bad_report_input_writes_nothing(
    net: Net, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch,
    args: list[str], message: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XCLIB_LANG", "en")  # the refusals read in English, one language
    for kind in ("compliance", "stats"):
        rc, out, err = run_hub("report", kind, "--db", net.hub.db, *args, capsys=capsys)
        assert rc != 0 and message in err and not out
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(SystemExit) as e:  # an unknown format is a usage error
        hub_cli.main(["report", "stats", "--db", net.hub.db, "--format", "pdf"])
    assert e.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- district statistics ------------------------------------------------------------------------
def test_district_stats_match_raw_rows(net: Net, tmp_path: Path, capsys: Any) -> None:
    rc, out, err = run_hub("report", "stats", "--db", net.hub.db, "--year", str(YEAR),
                           "--format", "json", capsys=capsys)  # fmt: skip
    assert rc == 0, err
    tables = {t.code: t for t in DistrictStatsOut.model_validate_json(out).tables}
    loans = net.raw_hub(
        "SELECT l.point, l.reader_type, l.checked_out_at, t.data FROM hub_loan l "
        "LEFT JOIN hub_item i ON i.barcode = l.item LEFT JOIN hub_title t ON t.uid = i.title_uid"
    )
    this_year = [(p, rt, bj(at), d) for p, rt, at, d in loans if at and bj(at).year == YEAR]
    by_month = Counter(at.month for _p, _rt, at, _d in this_year)
    months = {f"{m:02d}" for m in range(1, 13)}  # the by-point tables' month columns
    for t in tables.values():
        assert t.code in LABELS and all(c in LABELS or c in months for c in t.columns), t.code
    assert tables["district_by_point"].scope == [str(YEAR)]
    rows = {r[0]: r for r in tables["circulation_by_month"].rows}
    for m in range(1, 13):
        assert rows[f"{YEAR}-{m:02d}"][1] == by_month[m]
    assert rows[TOTAL][1] == len(this_year) > 0
    by_type = Counter(rt for _p, rt, _a, _d in this_year)
    got = {r[0]: r[2] for r in tables["circulation_by_reader_type"].rows if r[0] != TOTAL}
    assert got == dict(by_type)

    def clc_of(d: Any) -> str:
        data = json.loads(d) if isinstance(d, str) else d or {}
        return top_class(data["clc"]) if data.get("clc") else UNCLASSIFIED

    got = {r[0]: r[1] for r in tables["circulation_by_class"].rows if r[0] != TOTAL}
    assert got == dict(Counter(clc_of(d) for *_x, d in this_year)) == {"I": len(this_year)}
    per_point = {r[0]: r for r in tables["checkouts_by_point_month"].rows}
    for st in net.stations:
        assert per_point[st.code][-1] == sum(1 for p, *_r in this_year if p == st.code)
    items = net.raw_hub("SELECT owner, added_at FROM hub_item")
    acq = [o for o, t in items if t is not None and bj(t).year == YEAR]
    assert tables["new_acquisitions"].rows[-1][1] == len(acq)
    vis = net.raw_hub("SELECT point_code, day, count FROM hub_visit")
    total = sum(n for _p, d, n in vis if str(d)[:4] == str(YEAR))
    assert tables["visits_by_point_month"].rows[-1][-1] == total > 0

    xlsx = tmp_path / "s.xlsx"
    rc, _o, err = run_hub("report", "stats", "--db", net.hub.db, "--year", str(YEAR),
                          "--out", str(xlsx), capsys=capsys)  # fmt: skip
    assert rc == 0, err
    wb = load_workbook(xlsx)
    assert len(wb.sheetnames) == len(tables)
    assert wb.sheetnames[:3] == [
        f"{YEAR} 各服务点汇总 by point",
        "按月流通 by month",
        "各点按月借出 checkouts",
    ]
    header = next(wb["按月流通 by month"].iter_rows(values_only=True))
    assert header == ("月份 month", "借出 checkouts", "归还 returns")


def test_admin_endpoints(net: Net) -> None:
    token = net.hub.admin_token()
    auth = {"Authorization": f"Bearer {token}"}
    r = requests.get(f"{net.hub.url}/v1/admin/compliance", params={"year": YEAR}, headers=auth,
                     timeout=30)  # fmt: skip
    assert r.status_code == 200, r.text
    report = ComplianceReport.model_validate(r.json())
    code_a = net.stations[0].code
    pc = next(p for p in report.points if p.point_code == code_a)
    assert {f.key: f.value for f in pc.figures}["circulation"] == expected_hub(net, code_a)[
        "circulation"
    ]
    r = requests.get(f"{net.hub.url}/v1/admin/stats", params={"year": YEAR}, headers=auth,
                     timeout=30)  # fmt: skip
    assert r.status_code == 200, r.text
    assert DistrictStatsOut.model_validate(r.json()).year == YEAR
    for path in ("compliance", "stats"):
        bad = requests.get(f"{net.hub.url}/v1/admin/{path}", params={"year": "abc"},
                           headers=auth, timeout=30)  # fmt: skip
        assert bad.status_code == 422 and re.search("year", bad.json()["message"])
        assert requests.get(f"{net.hub.url}/v1/admin/{path}", timeout=30).status_code == 401
