"""Reading promotion at one desk, offline: plan, register, the door, close; volunteers; bad input
refused in words with nothing changed; retention removes names and keeps the counts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from conftest import LIBRARIAN, Kit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from xclib_desk.clock import FixedClock
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.models import (
    Activity,
    ActivityAttendance,
    ActivityRegistration,
    OutboxEvent,
    Volunteer,
)
from xclib_desk.services import activities, retention, volunteers
from xclib_desk.standards.activities import ActivityInputs, figures
from xclib_desk.standards.policy import load_bundled
from xclib_desk.standards.schema import StandardsPackage

LIB = LIBRARIAN


def plan(desk: Desk, clock: FixedClock, *, hours: float = 2, capacity: int | None = None,
         group: str = "children") -> str:  # fmt: skip
    start = clock.now() + timedelta(hours=hours)
    return desk.write(
        activities.plan, LIB, series="sxxc", title="绘本故事会", starts_at=start,
        ends_at=start + timedelta(hours=1), target_group=group, room="二楼活动室",
        capacity=capacity, partner="西城区少年宫",
    ).uid  # fmt: skip


def events(desk: Desk, type_: str) -> list[dict[str, Any]]:
    """The payloads of this desk's events of one type, oldest first."""
    with desk.session(write=False) as s:
        q = select(OutboxEvent.payload).where(OutboxEvent.type == type_)
        return list(s.scalars(q.order_by(OutboxEvent.seq)))


def refused(kit: Kit, code: str, fn: object, *args: object, **kw: object) -> DeskError:
    before = kit.counts()
    with pytest.raises(DeskError) as e:
        kit.desk.write(fn, LIB, *args, **kw)  # type: ignore[arg-type]
    assert e.value.code == code, e.value
    assert e.value.message("zh") and e.value.message("en")
    assert kit.counts() == before  # nothing changed, nothing queued
    return e.value


def test_plan_register_door_close(kit: Kit, clock: FixedClock) -> None:
    desk = kit.desk
    uid = plan(desk, clock, hours=24, capacity=5)
    [ev] = events(desk, "activity.planned")
    assert ev["uid"] == uid and ev["series"] == "sxxc"
    a, b, c = kit.reader(), kit.reader(), kit.reader()
    desk.write(activities.register_card, LIB, uid, a)
    desk.write(activities.register_person, LIB, uid, "赵奶奶", "13900000000")
    view = desk.write(activities.register_count, LIB, uid, 2)
    assert view.registered == 4
    refused(kit, "activity_card_twice", activities.register_card, uid, a)
    refused(kit, "activity_full", activities.register_count, uid, 2)
    # the door opens on the day only
    refused(kit, "activity_not_today", activities.admit, uid, a)
    clock.advance(hours=24)
    res = desk.write(activities.admit, LIB, uid, a)
    assert res.participants == 1 and res.card_no == a
    err = refused(kit, "activity_card_twice", activities.admit, uid, a)
    assert "counted once" in err.message("en")
    refused(kit, "unknown_reader", activities.admit, uid, "XC99999999")
    desk.write(activities.admit, LIB, uid, b)
    desk.write(activities.walk_in, LIB, uid, "child", 2)
    desk.write(activities.walk_in, LIB, uid, "senior")
    refused(kit, "unknown_age_band", activities.walk_in, uid, "baby")
    refused(kit, "activity_full", activities.admit, uid, c)  # 2 cards + 3 walk-ins = 5
    view, lines = desk.read(activities.sign_in_sheet, LIB, uid)
    assert view.participants == 5
    assert [(x.card_no, x.admitted_at is not None) for x in lines][:1] == [(a, True)]
    assert any(x.name == "赵奶奶" for x in lines) and any(x.card_no == b for x in lines)
    closed = desk.write(activities.close, LIB, uid, "孩子们很喜欢")
    assert (closed.status, closed.participants, closed.attended_cards) == ("closed", 5, 2)
    [ev] = events(desk, "activity.closed")
    assert ev["walk_ins"] == {"child": 2, "senior": 1} and ev["participants"] == 5
    refused(kit, "activity_not_open", activities.walk_in, uid, "child")
    refused(kit, "activity_not_open", activities.close, uid)
    assert len(events(desk, "activity.closed")) == 1  # counted once


def test_cancel_reschedule_and_past(kit: Kit, clock: FixedClock) -> None:
    desk = kit.desk
    uid = plan(desk, clock, hours=24)
    past = clock.now() - timedelta(hours=1)
    refused(kit, "activity_in_past", activities.reschedule, uid, past, past + timedelta(hours=1))
    later = clock.now() + timedelta(days=3)
    refused(
        kit, "activity_bad_times", activities.reschedule, uid, later, later - timedelta(hours=1)
    )
    view = desk.write(activities.reschedule, LIB, uid, later, later + timedelta(hours=2), "一楼")
    assert view.starts_at == later and view.room == "一楼"
    refused(kit, "activity_not_started", activities.close, uid)
    desk.write(activities.cancel, LIB, uid, "场地维修")
    refused(kit, "activity_not_open", activities.admit, uid, kit.reader())
    refused(kit, "unknown_series", activities.plan, series="nope", title="x", starts_at=later,
            ends_at=later, target_group="children")  # fmt: skip
    refused(kit, "unknown_target_group", activities.plan, series="sxxc", title="x",
            starts_at=later, ends_at=later, target_group="aliens")  # fmt: skip
    refused(kit, "unknown_activity", activities.cancel, "00000000-nope")
    assert [e["reason"] for e in events(desk, "activity.cancelled")] == ["场地维修"]
    assert len(events(desk, "activity.rescheduled")) == 1


def test_volunteers_hours_and_statement(kit: Kit, clock: FixedClock) -> None:
    desk = kit.desk
    card = kit.reader(name="刘志愿")
    v = desk.write(volunteers.enrol, LIB, card=card, team="书香志愿队")
    assert v.name == "刘志愿" and v.card_no == card
    w = desk.write(volunteers.enrol, LIB, name="陈阿姨", phone="13700000000", team="银发队")
    refused(kit, "volunteer_card_taken", volunteers.enrol, card=card)
    refused(kit, "volunteer_not_signed_in", volunteers.sign_out, card)
    desk.write(volunteers.sign_in, LIB, card)
    refused(kit, "volunteer_signed_in", volunteers.sign_in, card)
    desk.write(volunteers.sign_in, LIB, w.ref)  # no card: the badge number
    clock.advance(minutes=150)
    shift = desk.write(volunteers.sign_out, LIB, card)
    assert shift.minutes == 150
    refused(kit, "volunteer_not_signed_in", volunteers.sign_out, card)  # signing out twice
    clock.advance(minutes=30)
    desk.write(volunteers.sign_out, LIB, w.ref)
    assert len(events(desk, "volunteer.shift")) == 2
    today = kit.desk.ctx(LIB).today()
    h = desk.read(volunteers.hours, LIB, today, today)
    assert h.total_minutes == 330 and dict(h.teams) == {"书香志愿队": 150, "银发队": 180}
    st = desk.read(volunteers.statement, LIB, card, today, today)
    assert st.total_minutes == 150 and len(st.shifts) == 1
    refused(kit, "unknown_volunteer", volunteers.sign_in, "XC77777777")
    figs = {f.key: f for f in desk.read(activities.figures, LIB)}
    assert figs["volunteer_hours"].value == 5.5


def test_retention_removes_names_keeps_counts(kit: Kit, clock: FixedClock) -> None:
    desk = kit.desk
    uid = plan(desk, clock, hours=1)
    a = kit.reader()
    desk.write(activities.register_card, LIB, uid, a)
    desk.write(activities.register_person, LIB, uid, "赵奶奶", "13900000000")
    clock.advance(hours=1)
    desk.write(activities.admit, LIB, uid, a)
    desk.write(activities.walk_in, LIB, uid, "adult", 3)
    desk.write(activities.close, LIB, uid, "")
    v = desk.write(volunteers.enrol, LIB, name="陈阿姨", phone="13700000000")
    desk.write(volunteers.sign_in, LIB, v.ref)
    desk.write(volunteers.sign_out, LIB, v.ref)
    before = desk.read(activities.figures, LIB)
    pkg = desk.policy.package.service.activities
    clock.advance(days=pkg.attendance_retention_days + 1)
    desk.write(retention.run, LIB)
    with desk.session(write=False) as s:
        names = s.execute(
            select(ActivityRegistration.card_no, ActivityRegistration.name,
                   ActivityRegistration.phone)
        ).all()  # fmt: skip
        assert names == [(None, None, None), (None, None, None)]
        assert s.scalars(select(ActivityAttendance.card_no)).all() == [None]
        act = s.scalars(select(Activity)).one()
        assert (act.participants, act.attended_cards, act.redacted) == (4, 1, True)
        assert s.scalar(select(func.count()).select_from(ActivityAttendance)) == 1
        assert s.scalars(select(Volunteer.phone)).all() == ["13700000000"]  # not idle long yet
    view = desk.read(activities.get_activity, LIB, uid)
    assert view.participants == 4
    clock.advance(days=pkg.volunteer_contact_retention_days)
    res = desk.write(retention.run, LIB)
    assert res.volunteers == 1
    with desk.session(write=False) as s:
        assert s.scalars(select(Volunteer.phone)).all() == [None]
        assert s.scalars(select(Volunteer.name)).all() == ["陈阿姨"]
    # the year's figures counted the activity before; retention did not change what was held
    assert {f.key: f.value for f in before}["activities_held"] == 1.0


def test_figures_against_level_target(kit: Kit, clock: FixedClock) -> None:
    desk = kit.desk
    for group in ("children", "public"):
        uid = plan(desk, clock, hours=1, group=group)
        clock.advance(hours=1)
        desk.write(activities.walk_in, LIB, uid, "adult", 10)
        desk.write(activities.close, LIB, uid, "")
    figs = {f.key: f for f in desk.read(activities.figures, LIB)}
    assert figs["activities_held"].value == 2
    assert figs["activities_held"].target is not None and figs["activities_held"].rating != "none"
    assert figs["special_group_share"].value == 50.0


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("card"), st.integers(0, 5)),
            st.tuples(st.just("walk"), st.sampled_from(["child", "adult", "senior", "baby"])),
        ),
        max_size=14,
    ),
    capacity=st.one_of(st.none(), st.integers(1, 6)),
)
def test_the_door_counts_each_person_once_and_never_past_capacity(
    kit: Kit, clock: FixedClock, steps: list[tuple[str, Any]], capacity: int | None
) -> None:
    """Any order of scans (cards known or not, again or not) and walk-ins: participants are the
    distinct known cards plus the walk-ins accepted, never above capacity; a refusal changes
    nothing; the close sends exactly those counts."""
    desk = kit.desk
    cards = getattr(kit, "_door_cards", None) or [kit.reader() for _ in range(5)]
    kit._door_cards = cards  # type: ignore[attr-defined]
    uid = plan(desk, clock, hours=0.01, capacity=capacity)  # today, whatever the hour
    admitted: set[str] = set()
    walk: dict[str, int] = {}
    for kind, x in steps:
        before = desk.read(activities.get_activity, LIB, uid).participants
        try:
            if kind == "card":
                card = cards[x] if x < len(cards) else "XC99999999"
                desk.write(activities.admit, LIB, uid, card)
                admitted.add(card)
            else:
                desk.write(activities.walk_in, LIB, uid, x)
                walk[x] = walk.get(x, 0) + 1
        except DeskError as e:
            assert e.code in {"activity_full", "activity_card_twice", "unknown_reader",
                              "unknown_age_band"}  # fmt: skip
            assert desk.read(activities.get_activity, LIB, uid).participants == before
    view = desk.read(activities.get_activity, LIB, uid)
    assert view.participants == len(admitted) + sum(walk.values())
    assert capacity is None or view.participants <= capacity
    clock.advance(hours=1)
    closed = desk.write(activities.close, LIB, uid, "")
    assert (closed.attended_cards, closed.walk_ins) == (len(admitted), walk)
    clock.advance(hours=1)


def test_an_older_package_without_the_catalogue_still_loads() -> None:
    body = load_bundled().model_dump(mode="json")
    del body["service"]["activities"]
    old = StandardsPackage.model_validate(body)
    assert old.service.activities.series == [] and old.service.activities.min_per_year == {}
    inp = ActivityInputs("community", None, 2026, datetime(2026, 1, 1).date(),
                         datetime(2026, 6, 30).date(), 3, 0, 0, 0)  # fmt: skip
    held = {f.key: f for f in figures(inp, old)}["activities_held"]
    assert (held.value, held.target, held.rating) == (3, None, "none")
