"""Issue 5 across desk and hub: a point's population and own hours reach its desk; operations
outside those hours are marked and the mark is kept at the hub; duty shifts, services answers
and visits land in the hub's tables with the same figures as the desk's; standards refused
while pulling are retried; an offline event is judged under the version it was made under."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from xclib_desk.common.times import BEIJING
from xclib_desk.hub import staffing as hub_staffing
from xclib_desk.hub.db import make_engine
from xclib_desk.hub.models import HubDutyShift, HubEvent, HubServiceCheck, HubVisit
from xclib_desk.models import Point, SyncState
from xclib_desk.services import checklist, circulation, duty, staff, visits
from xclib_desk.services import standards as std
from xclib_desk.services.context import SYSTEM, Actor
from xclib_desk.standards.policy import load_bundled
from xclib_desk.standards.schema import TrustedKey

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
ALL_DAY = "00:00-23:59"


def week_without_today() -> str:
    """Open all day every day but today: now is outside the point's hours, and the week still
    meets the community minimum (35 h, weekend open)."""
    today = datetime.now(BEIJING).isoweekday()
    return "; ".join(f"{d} {ALL_DAY}" for d in range(1, 8) if d != today)


def hub_session(hub: HubProc) -> Session:
    if "engine" not in hub.extra:
        hub.extra["engine"] = make_engine(hub.db)
    return Session(hub.extra["engine"])


def test_hours_duty_services_visits_reach_the_hub(
    hub: HubProc, station: Callable[..., Station], tmp_path: Path
) -> None:
    from sync_fixtures import Station as StationCls
    from sync_fixtures import point_code

    code = point_code()
    hub.cli("point", "add", "--code", code, "--name", "展览路社区", "--level", "community",
            "--population", "12000", "--hours", week_without_today())  # fmt: skip
    out = json.loads(hub.cli("point", "set", "--code", code, "--population", "12500", "--json"))[
        "result"
    ]
    assert (out["population"] == 12500 and out["hours"]["1"]) or out["hours"]["2"]
    st = StationCls(hub, tmp_path, code, level="community", register=False)
    try:
        st.sync()
        with st.desk.session(write=False) as s:
            p = s.scalars(select(Point).where(Point.code == code)).one()
            assert p.served_population == 12500 and p.schedule is not None
        assert not st.desk.is_scheduled_open(datetime.now(UTC))

        st.desk.write(staff.add_staff, SYSTEM, code="lib", name="李馆员", role="librarian",
                      password="lib12345")  # fmt: skip
        card, bc = st.reader(), st.item()
        st.checkout(card, bc)  # outside the point's hours: allowed, marked
        st.desk.write(duty.sign_on, LIB)
        st.desk.write(checklist.confirm, LIB, "borrow_return", True)
        yesterday = datetime.now(BEIJING).date() - timedelta(days=1)
        st.desk.write(visits.record_visits, LIB, yesterday, 57)
        st.sync()

        with hub_session(hub) as s:
            ev = {e.type: e for e in s.scalars(select(HubEvent).where(HubEvent.point_code == code))}
            assert ev["loan.checked_out"].flags == ["outside_hours"]
            assert ev["loan.checked_out"].status == "applied"  # a fact, not a conflict
            assert "outside_hours" not in ev["duty.started"].flags
            shift = s.scalars(select(HubDutyShift).where(HubDutyShift.point_code == code)).one()
            assert shift.staff_code == "lib" and shift.ended_at is None
            check = s.get_one(HubServiceCheck, (code, datetime.now(BEIJING).strftime("%Y-%m"),
                                                "borrow_return"))  # fmt: skip
            assert check.provided
            assert s.get_one(HubVisit, (code, yesterday)).count == 57
            period = datetime.now(BEIJING).strftime("%Y-%m")
            assert hub_staffing.service_gaps(s, code, period) == [
                "reader_registration", "reading_promotion",
            ]  # fmt: skip
            assert hub_staffing.visits(s, code, yesterday, yesterday) == {yesterday: 57}

        # the hall opens the point every day: the desk learns it; returns are not marked now
        hub.cli("point", "set", "--code", code, "--hours", f"1-7 {ALL_DAY}")
        st.sync()
        assert st.desk.is_scheduled_open(datetime.now(UTC))
        st.checkin(bc)
        st.desk.write(duty.sign_off, LIB)
        st.sync()
        today = datetime.now(BEIJING).date()
        desk_day = st.desk.read(duty.day_hours, LIB, today, today)[0]
        with hub_session(hub) as s:
            ev = s.scalars(
                select(HubEvent).where(
                    HubEvent.point_code == code, HubEvent.type == "loan.checked_in"
                )
            ).one()
            assert ev.flags == []
            hub_day = hub_staffing.day_hours(s, code, today, today)[0]
        assert hub_day.scheduled_minutes == desk_day.scheduled_minutes == 24 * 60 - 1
        assert hub_day.open_minutes == desk_day.open_minutes
        assert abs(hub_day.understaffed_minutes - desk_day.understaffed_minutes) <= 1

        # a point's own week below its level's minimum is refused at the hub, nothing changes
        import contextlib
        import io

        from xclib_desk.hub import cli as hub_cli

        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            rc = hub_cli.main(
                ["point", "set", "--db", hub.db, "--code", code, "--hours", "2 09:00-10:00"]
            )
        assert rc == 1 and "hours_below_minimum" in err.getvalue()
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert hub_cli.main(["retention", "run", "--db", hub.db, "--json"]) == 0
        assert json.loads(buf.getvalue())["result"]["days"] == 730
    finally:
        st.close()


def _package(path: Path, version: int, renewals: int) -> Path:
    data = load_bundled().model_dump(mode="json")
    data["version"] = version
    data["effective_from"] = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    for rule in data["service"]["loan_rules"]:
        if rule["reader_type"] == "adult" and rule["material_type"] == "*":
            rule["renewals"] = renewals
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_refused_package_is_retried_and_offline_events_judged_by_their_version(
    hub: HubProc,
    station: Callable[..., Station],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from test_standards_distribution import PASSPHRASE, hub_run

    point = station()  # enrolled before the district key exists: it trusts no key yet
    monkeypatch.setenv("XCLIB_KEY_PASSPHRASE", PASSPHRASE)
    rc, out = hub_run(hub, "keys-new", "--out", str(tmp_path / "keys"), "--json")
    assert rc == 0
    keys = json.loads(out)["result"]

    def publish(version: int, renewals: int) -> None:
        draft = _package(tmp_path / f"v{version}.json", version, renewals)
        signed = tmp_path / f"v{version}.signed.json"
        assert hub_run(hub, "standards-sign", str(draft), "--key", keys["private"],
                       "--out", str(signed))[0] == 0  # fmt: skip
        assert hub_run(hub, "standards-publish", str(signed))[0] == 0

    publish(3, renewals=2)
    point.sync()  # refused (unknown key); the cursor moves past it
    assert point.desk.policy.version == 1
    point.sync()  # still refused, still kept for later
    assert point.desk.policy.version == 1
    public = TrustedKey.model_validate_json(Path(keys["public"]).read_text())
    point.desk.write(std.trust_key, Actor("admin", "admin"), public)  # the key arrives
    assert point.desk.policy.version == 3  # the refused package installed without a re-send
    with point.desk.session(write=False) as s:
        assert s.get(SyncState, std.PENDING) is None and s.get(SyncState, std.REFUSED) is None

    # offline under version 3: a loan renewed twice (v3 allows two renewals)
    card, bc = point.reader(), point.item()
    point.checkout(card, bc)
    point.desk.write(circulation.renew, LIB, bc)
    point.desk.write(circulation.renew, LIB, bc)
    publish(4, renewals=1)  # version 4 is active at the hub before the desk uploads
    point.sync()
    assert point.desk.policy.version == 4
    with hub_session(hub) as s:
        rows = s.scalars(
            select(HubEvent).where(
                HubEvent.point_code == point.code, HubEvent.type == "loan.renewed"
            )
        ).all()
    assert [r.standards_version for r in rows] == [3, 3]
    # judged under 3 (under 4 the second renewal would be flagged renewal_limit_exceeded)
    assert all(r.status == "applied" and set(r.flags) <= {"outside_hours"} for r in rows)
    assert not [x for x in hub.exceptions() if x["kind"] == "renewal_limit_exceeded"
                and point.code in x["points"]]  # fmt: skip


def test_retention_at_the_point_reaches_the_hub(
    hub: HubProc, station: Callable[..., Station]
) -> None:
    from xclib_desk.clock import FixedClock
    from xclib_desk.hub.models import HubChange, HubLoan
    from xclib_desk.services import retention

    now = datetime.now(UTC)
    clock = FixedClock(now - timedelta(days=800))
    point = station(clock=clock)
    card, old, recent = point.reader(), point.item(), point.item()
    old_loan = point.checkout(card, old)
    clock.at = now - timedelta(days=780)
    point.checkin(old)
    clock.at = now - timedelta(days=5)
    recent_loan = point.checkout(card, recent)
    point.checkin(recent)
    clock.at = now
    point.sync()
    r = point.desk.write(retention.run, LIB)
    assert r.anonymised == 1
    point.sync()
    with hub_session(hub) as s:
        cards = dict(
            s.execute(
                select(HubLoan.uid, HubLoan.card_no).where(HubLoan.uid.in_([old_loan, recent_loan]))
            ).all()
        )
        feed = s.scalars(
            select(HubChange.data).where(HubChange.kind == "loan", HubChange.key == old_loan)
        ).all()
    assert cards == {old_loan: None, recent_loan: card}
    assert feed and all(d["card_no"] is None for d in feed)


def test_a_point_cannot_end_or_restart_another_points_duty_shift(
    hub: HubProc, station: Callable[..., Station]
) -> None:
    """Shift uids are keys at the hub: a point's token must not write another point's shift."""
    import requests

    from xclib_desk.models import OutboxEvent

    a, b = station(), station()
    for st in (a, b):
        st.desk.write(staff.add_staff, SYSTEM, code="lib", name="李馆员", role="librarian",
                      password="lib12345")  # fmt: skip
    shift_a = a.desk.write(duty.sign_on, LIB)
    a.sync()
    b.desk.write(duty.sign_on, LIB)
    b.desk.write(duty.sign_off, LIB)
    forged = []
    with b.desk.session(write=False) as s:
        for t in ("duty.ended", "duty.started"):
            e = s.scalars(select(OutboxEvent).where(OutboxEvent.type == t)).one()
            payload = {**e.payload, "uid": shift_a.uid}
            if t == "duty.started":
                payload["started_at"] = "2020-01-01T00:00:00+00:00"
            forged.append({
                "event_id": e.event_id, "device_id": e.device_id, "seq": e.seq, "type": e.type,
                "hlc": e.hlc, "wall_time": e.wall_time.isoformat(), "staff_code": e.staff_code,
                "point_code": e.point_code, "standards_version": e.standards_version,
                "payload": payload,
            })  # fmt: skip
    r = requests.post(
        hub.url + "/v1/push",
        json={"device_id": b.desk.device_id, "events": forged},
        headers={"Authorization": f"Bearer {b.engine.tokens.get()}", "X-Xclib-Protocol": "1"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    assert [(x["status"], x["code"]) for x in r.json()["results"]] == [
        ("rejected", "wrong_point"),
        ("rejected", "wrong_point"),
    ]
    with hub_session(hub) as s:
        row = s.get_one(HubDutyShift, shift_a.uid)
        assert (row.point_code, row.ended_at, row.started_at) == (a.code, None, shift_a.started_at)


def test_a_desk_clock_running_ahead_does_not_anonymise_recent_loans_at_the_hub(
    hub: HubProc, station: Callable[..., Station]
) -> None:
    """Clocks lie: a desk whose clock jumped two years ahead runs retention; the hub judges the
    cutoff by its own clock, so a loan returned today keeps its reader at the hub."""
    from xclib_desk.clock import FixedClock
    from xclib_desk.hub.models import HubLoan
    from xclib_desk.services import retention

    now = datetime.now(UTC)
    clock = FixedClock(now)
    point = station(clock=clock)
    card, bc = point.reader(), point.item()
    loan = point.checkout(card, bc)
    point.checkin(bc)
    point.sync()
    clock.at = now + timedelta(days=800)
    assert point.desk.write(retention.run, LIB).anonymised == 1  # the desk trusts its clock
    point.sync()
    with hub_session(hub) as s:
        assert s.get_one(HubLoan, loan).card_no == card
        ledger = s.scalars(
            select(HubEvent.payload).where(
                HubEvent.point_code == point.code, HubEvent.type == "loan.checked_out"
            )
        ).one()
    assert ledger["card_no"] == card
