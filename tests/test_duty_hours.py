"""Duty shifts and hours open per day: the arithmetic against a minute-by-minute count, the
desk's sign on/off rules, and operations outside the point's hours marked on their events."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from conftest import ADMIN, FRONT, LIBRARIAN, START, Kit
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from xclib_desk.common.times import BEIJING
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.models import AuditEntry, DutyShift, OutboxEvent
from xclib_desk.services import circulation, duty
from xclib_desk.standards.hours import (
    DayFigures,
    Shift,
    WeekRule,
    day_figures,
    meets_minimum,
    parse_week,
)
from xclib_desk.standards.policy import load_bundled

DAY0 = date(2026, 11, 23)  # a Monday


def brute(
    shifts: list[Shift], rule: WeekRule, start: date, end: date, now: datetime
) -> list[tuple[int, int, int, int]]:
    """Minute by minute: (scheduled, open, open outside schedule, understaffed) per day."""
    out = []
    day = start
    while day <= end:
        d0 = datetime(day.year, day.month, day.day, tzinfo=BEIJING)
        spans = rule.spans(day)
        sched = opened = outside = under = 0
        for m in range(24 * 60):
            t = d0 + timedelta(minutes=m)
            in_s = any(a <= m < b for a, b in spans)
            sched += in_s
            if t >= now.replace(second=0, microsecond=0) and t + timedelta(minutes=1) > now:
                continue
            staff = set()
            for sh in shifts:
                end_ = sh.ended_at
                if end_ is None:
                    d_start = sh.started_at.astimezone(BEIJING).date() + timedelta(days=1)
                    end_ = min(
                        now, datetime(d_start.year, d_start.month, d_start.day, tzinfo=BEIJING)
                    )
                a = sh.started_at.replace(second=0, microsecond=0)
                b = end_.replace(second=0, microsecond=0)
                if a <= t < b:
                    staff.add(sh.staff_code)
            n = len(staff)
            opened += n > 0
            outside += n > 0 and not in_s
            under += (n > 0 or in_s) and n < rule.min_staff
        out.append((sched, opened, outside, under))
        day += timedelta(days=1)
    return out


minute = st.integers(0, 3 * 24 * 60 - 1)


@st.composite
def scenario(draw: st.DrawFn) -> tuple[list[Shift], WeekRule, datetime]:
    week: dict[int, tuple[tuple[int, int], ...]] = {}
    for wd in range(1, 8):
        cuts = sorted(set(draw(st.lists(st.integers(0, 24 * 60), max_size=4))))
        week[wd] = tuple(zip(cuts[::2], cuts[1::2], strict=False))
    closed = frozenset(draw(st.sets(st.sampled_from([DAY0, DAY0 + timedelta(days=1)]))))
    rule = WeekRule(week, closed, draw(st.integers(1, 3)))
    base = datetime(DAY0.year, DAY0.month, DAY0.day, tzinfo=BEIJING)
    shifts = []
    for _ in range(draw(st.integers(0, 6))):
        a = draw(minute)
        secs = draw(st.integers(0, 59))
        start = base + timedelta(minutes=a, seconds=secs)
        end = None
        if draw(st.booleans()):
            end = start + timedelta(
                minutes=draw(st.integers(0, 20 * 60)), seconds=draw(st.integers(0, 59))
            )
        shifts.append(Shift(draw(st.sampled_from(["a", "b", "c"])), start, end))
    now = base + timedelta(minutes=draw(st.integers(0, 4 * 24 * 60)))
    return shifts, rule, now


@settings(max_examples=60, deadline=None)
@given(scenario())
def test_day_figures_match_a_minute_by_minute_count(
    case: tuple[list[Shift], WeekRule, datetime],
) -> None:
    shifts, rule, now = case
    end = DAY0 + timedelta(days=3)
    got = day_figures(shifts, lambda _d: rule, DAY0, end, now)
    want = brute(shifts, rule, DAY0, end, now)
    assert [
        (d.scheduled_minutes, d.open_minutes, d.open_outside_minutes, d.understaffed_minutes)
        for d in got
    ] == want
    for d in got:
        assert d.open_minutes - d.open_outside_minutes <= d.scheduled_minutes
        assert d.understaffed_minutes <= d.scheduled_minutes + d.open_outside_minutes
        assert sum(p.minutes for p in d.periods) == d.understaffed_minutes
        assert all(p.on_duty < p.min_staff for p in d.periods)
        # periods are disjoint, ordered and not adjacent (adjacent ones are one period)
        assert all(a.end < b.start for a, b in zip(d.periods, d.periods[1:], strict=False))


def test_own_week_parsed_and_checked_against_the_level_minimum() -> None:
    pkg = load_bundled()
    week = parse_week("2-7 09:00-12:00,14:00-17:30")
    assert [h.open for h in week[3]] == ["09:00", "14:00"] and week[1] == []
    assert meets_minimum(pkg, "community", week) == []  # 6 x 6.5 h = 39 h >= 35 h
    short = parse_week("2-5 09:00-12:00")
    problems = meets_minimum(pkg, "community", short)
    assert problems and "below 35" in problems[0] and any("weekend" in p for p in problems)
    assert meets_minimum(pkg, "street", parse_week("1-7 09:00-17:00"))  # no evening opening
    for bad in ("8 09:00-10:00", "2 10:00-09:00", "2 09:00-12:00,11:00-13:00", "2 9h"):
        with pytest.raises(ValueError):
            parse_week(bad)


# --- the desk -------------------------------------------------------------------------------
def test_sign_on_and_off_and_a_forgotten_shift(desk: Desk, kit: Kit) -> None:
    v = desk.write(duty.sign_on, FRONT)
    assert v.staff_code == "desk" and v.started_at == START
    with pytest.raises(DeskError) as e:
        desk.write(duty.sign_on, FRONT)
    assert e.value.code == "already_on_duty"
    # the refusal carries the instant; the message shows it as Beijing time
    assert e.value.params["since"] == START
    assert START.astimezone(BEIJING).strftime("%H:%M") in e.value.message("en")
    assert datetime.fromisoformat(e.value.to_dict("en")["params"]["since"]) == START
    with pytest.raises(DeskError) as e:
        desk.write(duty.sign_off, FRONT, "lib")  # a desk clerk cannot close others' shifts
    assert e.value.code == "permission_denied"
    desk.write(duty.sign_on, LIBRARIAN)
    st_ = desk.read(duty.duty_status)
    assert (st_.count, st_.minimum, st_.scheduled_open, st_.understaffed) == (2, 2, True, False)

    kit.clock.advance(hours=2)
    desk.write(duty.sign_off, LIBRARIAN)
    assert desk.read(duty.duty_status).understaffed  # street branch needs 2
    # the librarian closes the clerk's shift at the time she actually left
    left = START + timedelta(hours=1, minutes=30)
    v = desk.write(duty.sign_off, LIBRARIAN, "desk", left)
    assert v.ended_at == left and v.end_reason == "closed_by_other"
    with pytest.raises(DeskError) as e:
        desk.write(duty.sign_off, FRONT)
    assert e.value.code == "not_on_duty"

    # the admin forgets to sign off; the next day's first sign-on closes it at midnight
    desk.write(duty.sign_on, ADMIN)
    kit.at(kit.today() + timedelta(days=1), 9)
    desk.write(duty.sign_on, FRONT)
    with desk.session(write=False) as s:
        admin_end = s.execute(
            select(DutyShift.end_reason, DutyShift.ended_at).where(DutyShift.staff_code == "admin")
        ).one()
        reasons = [
            p["reason"]
            for p in s.scalars(
                select(OutboxEvent.payload)
                .where(OutboxEvent.type == "duty.ended")
                .order_by(OutboxEvent.seq)
            )
        ]
    assert tuple(admin_end) == ("auto", datetime(2026, 11, 25, tzinfo=BEIJING))
    assert reasons == ["signed_off", "closed_by_other", "auto"]
    assert [x.staff_code for x in desk.read(duty.on_duty)] == ["desk"]


def test_day_hours_from_shifts_match_raw_rows(desk: Desk, kit: Kit) -> None:
    # Tuesday 24 Nov: the street branch is scheduled 09:00-17:30 (510 min), needs 2 on duty
    kit.at(kit.today(), 8)
    desk.write(duty.sign_on, FRONT)  # 08:00, before opening
    kit.at(kit.today(), 10)
    desk.write(duty.sign_on, LIBRARIAN)
    kit.at(kit.today(), 16)
    desk.write(duty.sign_off, LIBRARIAN)
    kit.at(kit.today(), 18)
    desk.write(duty.sign_off, FRONT)
    day = desk.read(duty.day_hours, FRONT, date(2026, 11, 24), date(2026, 11, 24))[0]
    assert isinstance(day, DayFigures)
    with desk.session(write=False) as s:
        spans = s.execute(select(DutyShift.started_at, DutyShift.ended_at)).all()
        first = min(a for a, _ in spans)
        last = max(b for _, b in spans)
    assert day.scheduled_minutes == 510
    assert day.open_minutes == (last - first).total_seconds() // 60 == 600
    assert day.open_outside_minutes == 60 + 30  # 08:00-09:00 and 17:30-18:00
    # understaffed: 09:00-10:00 and 16:00-17:30 scheduled with one; 08-09 and 17:30-18 open with one
    assert day.understaffed_minutes == 60 + 60 + 90 + 30
    periods = desk.read(duty.understaffed_periods, FRONT, date(2026, 11, 24), date(2026, 11, 24))
    assert [
        (p.start.astimezone(BEIJING).strftime("%H:%M"), p.minutes, p.on_duty) for p in periods
    ] == [
        ("08:00", 120, 1),
        ("16:00", 120, 1),
    ]
    # Monday is closed at a street branch: nothing scheduled, nothing open
    monday = desk.read(duty.day_hours, FRONT, date(2026, 11, 23), date(2026, 11, 23))[0]
    assert (monday.scheduled_minutes, monday.open_minutes, monday.understaffed_minutes) == (0, 0, 0)


def test_operations_outside_hours_are_allowed_and_marked(desk: Desk, kit: Kit) -> None:
    card, (a, b) = kit.reader(), kit.items(2)
    desk.write(circulation.check_out, FRONT, card, a)  # Tuesday 10:00: open
    inside = kit.last_event()
    assert inside.marks == [] and "outside_hours" not in kit.audit_for(inside.seq).detail
    kit.at(kit.today(), 20)  # 20:00, the branch closed at 17:30 on Tuesdays
    desk.write(circulation.check_out, FRONT, card, b)
    outside = kit.last_event()
    assert outside.type == "loan.checked_out" and outside.marks == ["outside_hours"]
    assert "outside_hours" in kit.audit_for(outside.seq).detail
    desk.write(duty.sign_on, LIBRARIAN)  # signing on is never marked
    assert kit.last_event().marks == []
    kit.at(date(2026, 12, 31), 10)  # a district holiday (closed date)
    desk.write(circulation.check_in, FRONT, a)
    assert kit.last_event().marks == ["outside_hours"]
    with desk.session(write=False) as s:
        marked = s.scalars(
            select(AuditEntry).where(AuditEntry.detail.like("%outside_hours%"))
        ).all()
    assert len(marked) == 2


def test_a_forgotten_shift_cannot_be_closed_after_its_midnight(desk: Desk, kit: Kit) -> None:
    """Closing Monday's forgotten shift at Tuesday 17:00 would count Monday night as open,
    and the day's figures would depend on the range asked for (the queries look one day back)."""
    kit.at(DAY0 + timedelta(days=1), 9)  # Tuesday 09:00
    desk.write(duty.sign_on, FRONT)
    kit.at(DAY0 + timedelta(days=3), 10)  # Thursday: the shift was never closed
    late = datetime(2026, 11, 25, 17, tzinfo=BEIJING)  # Wednesday 17:00
    with desk.session(write=False) as s:
        events_before = len(s.scalars(select(OutboxEvent.seq)).all())
    with pytest.raises(DeskError) as e:
        desk.write(duty.sign_off, LIBRARIAN, "desk", late)
    assert e.value.code == "bad_input"
    with desk.session(write=False) as s:
        assert s.scalars(select(DutyShift.ended_at)).one() is None
        assert len(s.scalars(select(OutboxEvent.seq)).all()) == events_before
    # by its midnight is fine, and the Wednesday figures do not depend on the range asked
    left = datetime(2026, 11, 24, 18, tzinfo=BEIJING)
    assert desk.write(duty.sign_off, LIBRARIAN, "desk", left).ended_at == left
    wed = date(2026, 11, 25)
    alone = desk.read(duty.day_hours, FRONT, wed, wed)[0]
    wide = desk.read(duty.day_hours, FRONT, date(2026, 11, 24), wed)[1]
    assert alone.open_minutes == wide.open_minutes == 0
