"""Required-services checklist, loan-history retention and gate-counter visit imports at the
desk: the right rows change, statistics keep their counts, bad input changes nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import ADMIN, FRONT, LIBRARIAN, Kit
from sqlalchemy import func, select

from xclib_desk.cli import main
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.models import Loan, OutboxEvent, VisitCount
from xclib_desk.services import checklist, circulation, retention, stats, visits


def test_checklist_gaps_and_confirmations(desk: Desk, kit: Kit) -> None:
    c = desk.read(checklist.checklist, FRONT)
    required = ["borrow_return", "reader_registration", "children_reading",
                "digital_resources", "reading_promotion"]  # fmt: skip
    assert c.period == "2026-11" and [i.service for i in c.items] == required
    assert c.gaps == required  # nothing confirmed yet
    with pytest.raises(DeskError) as e:
        desk.write(checklist.confirm, FRONT, "borrow_return", True)
    assert e.value.code == "permission_denied"
    with pytest.raises(DeskError) as e:
        desk.write(checklist.confirm, LIBRARIAN, "karaoke", True)
    assert e.value.code == "unknown_service"
    before = kit.counts()
    with pytest.raises(DeskError) as e:  # "not provided" needs a reason
        desk.write(checklist.confirm, LIBRARIAN, "children_reading", False)
    assert e.value.code == "bad_input" and kit.counts() == before
    with pytest.raises(DeskError):
        desk.write(checklist.confirm, LIBRARIAN, "borrow_return", True, None, "2027-01")

    desk.write(checklist.confirm, LIBRARIAN, "borrow_return", True)
    desk.write(checklist.confirm, LIBRARIAN, "reader_registration", True)
    desk.write(checklist.confirm, LIBRARIAN, "children_reading", False, "故事会老师休假")
    n = kit.counts()["outbox_event"]
    desk.write(checklist.confirm, LIBRARIAN, "borrow_return", True)  # same answer: nothing new
    assert kit.counts()["outbox_event"] == n
    assert kit.last_event().payload == {
        "period": "2026-11", "service": "children_reading", "provided": False,
        "note": "故事会老师休假",
    }  # fmt: skip
    assert desk.read(checklist.gaps, FRONT) == [
        "children_reading", "digital_resources", "reading_promotion",
    ]  # fmt: skip
    assert desk.read(checklist.gaps, FRONT, "2026-10") == required  # another month


def _history(desk: Desk, kit: Kit) -> dict[str, list[str]]:
    """Loans returned 800 and 100 days ago, one returned today, one still open."""
    card, other = kit.reader(), kit.reader("senior")
    bcs = kit.items(5)
    today = kit.today()
    plan = {"old": [bcs[0], bcs[1]], "recent": [bcs[2]], "today": [bcs[3]], "open": [bcs[4]]}
    for bc, back in ((bcs[0], 800), (bcs[1], 760), (bcs[2], 100)):
        kit.at(today - timedelta(days=back + 20))
        desk.write(circulation.check_out, FRONT, card if bc != bcs[1] else other, bc)
        kit.at(today - timedelta(days=back))
        desk.write(circulation.check_in, FRONT, bc)
    kit.at(today)
    desk.write(circulation.check_out, FRONT, card, bcs[3])
    desk.write(circulation.check_in, FRONT, bcs[3])
    desk.write(circulation.check_out, FRONT, card, bcs[4])
    return plan


def test_retention_anonymises_exactly_the_old_returned_loans(desk: Desk, kit: Kit) -> None:
    plan = _history(desk, kit)
    years = sorted({kit.today().year - 2, kit.today().year - 1, kit.today().year})
    before = {y: desk.read(stats.point_statistics, FRONT, y) for y in years}
    with pytest.raises(DeskError):
        desk.write(retention.run, FRONT)  # a desk clerk may not run it
    r = desk.write(retention.run, LIBRARIAN)
    assert r.days == 730 and r.anonymised == 2
    with desk.session(write=False) as s:
        rows = s.execute(select(Loan.uid, Loan.reader_id, Loan.reader_type, Loan.returned_at)).all()
        linked = {uid for uid, rid, _, _ in rows if rid is not None}
        anonymous = [(t, ret) for _, rid, t, ret in rows if rid is None]
    assert len(rows) == 5 and len(linked) == 3
    assert sorted(t for t, _ in anonymous) == ["adult", "senior"]  # the type stays, for stats
    assert all(ret is not None and ret < r.cutoff for _, ret in anonymous)
    ev = kit.last_event()
    assert ev.type == "retention.applied" and ev.payload["count"] == 2
    # statistics are unchanged: counts by month, reader type and class do not need the reader
    assert {y: desk.read(stats.point_statistics, FRONT, y) for y in years} == before
    # idempotent and cheap: a second run finds nothing and writes no event
    n = kit.counts()["outbox_event"]
    assert desk.write(retention.run, ADMIN).anonymised == 0
    assert kit.counts()["outbox_event"] == n
    assert kit.loan(plan["open"][0]).reader_id is not None


CSV_OK = "日期,人次\n2026-11-01,120\n2026-11-02,95\n2026/11/3,101\n"


def test_visits_csv_layouts_bad_lines_and_reimport(desk: Desk, kit: Kit, tmp_path: Path) -> None:
    r = desk.write(visits.import_counter_csv, LIBRARIAN, CSV_OK.encode("utf-8-sig"))
    assert (r.days, r.changed, r.unchanged, r.total_visits, r.bad) == (3, 3, 0, 316, [])
    n = kit.counts()["outbox_event"]
    again = desk.write(visits.import_counter_csv, LIBRARIAN, CSV_OK.encode("gb18030"))
    assert (again.changed, again.unchanged) == (0, 3) and kit.counts()["outbox_event"] == n

    # no header, semicolons, bad lines reported by line number, the rest imported
    raw = (
        "20261104;80\n2026-11-05;abc\n2026-13-01;5\n2026-11-06;70\n\n2026-11-04;81\n2099-01-01;3\n"
    )
    r = desk.write(visits.import_counter_csv, LIBRARIAN, raw.encode())
    assert r.layout == "daily, no header" and r.days == 2 and r.total_visits == 150
    assert [(b.line, b.message("zh")) for b in r.bad] == [
        (2, "人次不是整数"), (3, "日期无法识别"), (6, "日期重复（见第 1 行）"), (7, "未来日期"),
    ]  # fmt: skip

    # an hourly export with in/out columns: entries summed per day
    hourly = (
        "Date,Time,In,Out\n2026-11-07,09:00,12,3\n2026-11-07,10:00,30,20\n2026-11-08,09:00,7,1\n"
    )
    r = desk.write(visits.import_counter_csv, LIBRARIAN, hourly.encode())
    assert r.layout == "hourly, header" and r.bad == []
    with desk.session(write=False) as s:
        got = {d: n for d, n in s.execute(select(VisitCount.day, VisitCount.count))}
    assert got[date(2026, 11, 7)] == 42 and got[date(2026, 11, 8)] == 7
    assert got[date(2026, 11, 4)] == 80 and len(got) == 7

    before = kit.counts()
    with pytest.raises(DeskError):
        desk.write(visits.import_counter_csv, LIBRARIAN, b"hello\nworld\n")
    assert kit.counts() == before


def test_cli_verbs(desk: Desk, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = desk.data_dir
    desk.close()

    def run(*argv: str) -> tuple[int, dict]:
        code = main(["--data-dir", str(data), "--json", *argv])
        out = capsys.readouterr().out
        return code, json.loads(out) if out.strip() else {}

    assert run("--staff", "lib", "duty", "on")[0] == 0
    code, out = run("duty", "status")
    assert code == 0 and out["result"]["count"] == 1 and out["result"]["minimum"] == 2
    code, out = run("--staff", "lib", "duty", "on")
    assert code == 1
    code, out = run("duty", "hours", "--from", "2026-11-24", "--to", "2026-11-24")
    assert out["result"][0]["scheduled_minutes"] == 510
    assert run("--staff", "lib", "services", "confirm", "borrow_return")[0] == 0
    code, out = run("services", "list")
    assert "borrow_return" not in out["result"]["gaps"]
    code, out = run("--staff", "lib", "retention", "run")
    assert code == 0 and out["result"]["anonymised"] == 0
    f = tmp_path / "gate.csv"
    f.write_text(CSV_OK, encoding="utf-8")
    code, out = run("--staff", "lib", "visits-import", str(f))
    assert code == 0 and out["result"]["changed"] == 3
    code, out = run("--staff", "lib", "visits-import", str(tmp_path / "missing.csv"))
    assert code == 1 and out["error"]["code"] == "visits_file_unreadable"
    desk2 = Desk.open(data)
    try:
        with desk2.session(write=False) as s:
            kinds = list(s.scalars(select(OutboxEvent.type).order_by(OutboxEvent.seq)))
            assert s.scalar(select(func.count()).select_from(VisitCount)) == 3
    finally:
        desk2.close()
    assert kinds[-3:] == ["visits.recorded"] * 3 and "duty.started" in kinds
