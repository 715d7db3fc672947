"""Opening hours and staffing arithmetic, shared by the desk and the hub (no I/O, no ORM).

A point's week is its own schedule (set at the hub) or, without one, its level's schedule in the
standards package; district closed dates close the whole day. Time is Beijing wall time, in whole
minutes since midnight. From duty shifts the same function gives, per day: minutes scheduled,
minutes actually open (at least one staff member on duty), minutes understaffed (open or
scheduled while fewer than the level's minimum are on duty) and the understaffed periods. Desk
and hub call the same code, so their figures cannot disagree.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import ValidationError

from ..common.times import BEIJING
from .schema import DayHours, PointLevel, StandardsPackage

DAY_MINUTES = 24 * 60
#: 延时开放: open after this time on at least one day
EVENING = 19 * 60

Span = tuple[int, int]  # [open, close) in minutes since Beijing midnight


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def week_spans(week: Mapping[int, Sequence[DayHours]]) -> dict[int, tuple[Span, ...]]:
    return {
        int(d): tuple(sorted((_minutes(h.open), _minutes(h.close)) for h in spans))
        for d, spans in week.items()
    }


@dataclass(frozen=True)
class WeekRule:
    """What a point must do on each weekday: spans open, and staff on duty while open."""

    week: Mapping[int, tuple[Span, ...]]
    closed: frozenset[date]
    min_staff: int

    def spans(self, day: date) -> tuple[Span, ...]:
        if day in self.closed:
            return ()
        return self.week.get(day.isoweekday(), ())

    def is_open(self, at: datetime) -> bool:
        """Whether ``at`` falls in scheduled hours: a few comparisons (on every event)."""
        local = at.astimezone(BEIJING)
        m = local.hour * 60 + local.minute
        return any(a <= m < b for a, b in self.spans(local.date()))


def rule_for(package: StandardsPackage, level: str, own_week: Mapping[str, Any] | None) -> WeekRule:
    """The point's own week if it has one, else its level's week in ``package``."""
    if own_week:
        week = week_spans(parse_week(own_week))
    else:
        hours = next((h for h in package.service.opening_hours if h.level == level), None)
        week = week_spans(hours.week) if hours else {}
    return WeekRule(
        week=week,
        closed=frozenset(package.service.closed_dates),
        min_staff=package.staffing.min_on_duty.get(PointLevel(level), 1),
    )


# --- schedules written by people ----------------------------------------------------------
_SPEC = re.compile(r"^\s*([1-7])(?:\s*-\s*([1-7]))?\s+(.*)$")


def parse_week(raw: Mapping[str, Any] | Mapping[int, Any] | str) -> dict[int, list[DayHours]]:
    """A weekly schedule from JSON (``{"2": [{"open": "09:00", "close": "17:30"}]}``) or from
    the CLI's short form ``"2-6 09:00-17:30; 7 10:00-12:00,14:00-16:00"`` (ISO weekdays, 1 =
    Monday; days not named are closed). Raises ValueError with a readable reason."""
    if isinstance(raw, str) and raw.strip().startswith("{"):
        raw = json.loads(raw)
    week: dict[int, list[DayHours]] = {d: [] for d in range(1, 8)}
    try:
        if isinstance(raw, str):
            for part in filter(None, (p.strip() for p in raw.split(";"))):
                m = _SPEC.match(part)
                if not m:
                    raise ValueError(f"'{part}': expected e.g. '2-6 09:00-17:30'")
                first, last = int(m[1]), int(m[2] or m[1])
                if last < first:
                    raise ValueError(f"'{part}': day range runs backwards")
                spans = []
                for span in m[3].split(","):
                    o, _, c = span.strip().partition("-")
                    spans.append(DayHours(open=o.strip(), close=c.strip()))
                for d in range(first, last + 1):
                    week[d] = week[d] + spans
        else:
            for key, spans in raw.items():
                d = int(key)
                if not 1 <= d <= 7:
                    raise ValueError(f"weekday {key} is not 1..7")
                week[d] = [DayHours.model_validate(x) for x in spans]
    except ValidationError as e:
        raise ValueError(e.errors()[0]["msg"]) from None
    for d, spans in week.items():
        mins = sorted((_minutes(h.open), _minutes(h.close)) for h in spans)
        for a, b in mins:
            if b <= a:
                raise ValueError(f"day {d}: {a // 60:02d}:{a % 60:02d} closes before it opens")
        for (_, b1), (a2, _) in itertools.pairwise(mins):
            if a2 < b1:
                raise ValueError(f"day {d}: opening hours overlap")
    return week


def week_json(week: Mapping[int, Sequence[DayHours]]) -> dict[str, list[dict[str, str]]]:
    return {str(d): [h.model_dump() for h in spans] for d, spans in sorted(week.items())}


def meets_minimum(
    package: StandardsPackage, level: str, week: Mapping[int, Sequence[DayHours]]
) -> list[str]:
    """Why a point's own week falls short of its level's package rule (empty: it meets it)."""
    rule = next((h for h in package.service.opening_hours if h.level == level), None)
    if rule is None:
        return []
    problems = []
    weekly = sum(h.hours() for spans in week.values() for h in spans)
    if weekly + 1e-9 < rule.min_weekly_hours:
        problems.append(f"{level}: {weekly:g} h/week is below {rule.min_weekly_hours:g}")
    if rule.weekend_open and not any(week.get(d) for d in (6, 7)):
        problems.append(f"{level}: weekend opening required but no weekend hours")
    if rule.evening_extended and not any(
        b > EVENING for spans in week_spans(week).values() for _, b in spans
    ):
        problems.append(f"{level}: evening opening (after 19:00) required on at least one day")
    return problems


# --- shifts -> figures per day -------------------------------------------------------------
@dataclass(frozen=True)
class Shift:
    staff_code: str
    started_at: datetime
    ended_at: datetime | None  # None: still on duty


@dataclass(frozen=True)
class Period:
    """An understaffed stretch: fewer than ``min_staff`` on duty while open or scheduled."""

    start: datetime
    end: datetime
    minutes: int
    on_duty: int  # the lowest count during the period
    min_staff: int


@dataclass(frozen=True)
class DayFigures:
    day: date
    scheduled_minutes: int
    open_minutes: int  # at least one staff member on duty
    open_outside_minutes: int  # open while not scheduled (extra or late opening)
    understaffed_minutes: int
    min_staff: int
    periods: tuple[Period, ...]


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), BEIJING)


def effective_end(shift: Shift, now: datetime) -> datetime:
    """A shift nobody closed counts until now, and never past the midnight after it began:
    a forgotten sign-off (or a crash) must not turn into a night of phantom opening."""
    if shift.ended_at is not None:
        return shift.ended_at
    cap = midnight(shift.started_at.astimezone(BEIJING).date() + timedelta(days=1))
    return min(now, cap)


def _merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for a, b in sorted(spans):
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _clip(start: datetime, end: datetime, day0: datetime) -> Span:
    a = int((start - day0).total_seconds() // 60)
    b = int((end - day0).total_seconds() // 60)
    return max(a, 0), min(b, DAY_MINUTES)


def day_figures(
    shifts: Sequence[Shift],
    rule_at: Callable[[date], WeekRule],
    start: date,
    end: date,
    now: datetime,
) -> list[DayFigures]:
    """Per Beijing day from ``start`` to ``end`` inclusive. Minutes after ``now`` are neither
    open nor understaffed yet (today is partial); scheduled minutes are the whole day's.
    A staff member counted twice (overlapping shifts) is still one person."""
    spans_by_staff: dict[str, list[tuple[datetime, datetime]]] = {}
    for sh in shifts:
        e = effective_end(sh, now)
        if e > sh.started_at:
            spans_by_staff.setdefault(sh.staff_code, []).append((sh.started_at, e))
    out = []
    day = start
    while day <= end:
        day0 = midnight(day)
        day1 = day0 + timedelta(days=1)
        rule = rule_at(day)
        sched = _merge(rule.spans(day))
        horizon = max(0, min(DAY_MINUTES, int((now - day0).total_seconds() // 60)))
        staff = [
            _merge(_clip(a, b, day0) for a, b in spans if a < day1 and b > day0)
            for spans in spans_by_staff.values()
        ]
        staff = [x for x in staff if x]
        cuts = {0, DAY_MINUTES, horizon}
        for a, b in sched:
            cuts.update((a, b))
        for ivs in staff:
            for a, b in ivs:
                cuts.update((a, b))
        bounds = sorted(cuts)
        scheduled = open_ = outside = under = 0
        periods: list[Period] = []
        run: list[int] | None = None  # [start, end, lowest count]
        for a, b in itertools.pairwise(bounds):
            n = b - a
            in_sched = any(x <= a < y for x, y in sched)
            if in_sched:
                scheduled += n
            if a >= horizon:
                continue
            count = sum(1 for ivs in staff if any(x <= a < y for x, y in ivs))
            if count:
                open_ += n
                if not in_sched:
                    outside += n
            if (count or in_sched) and count < rule.min_staff:
                under += n
                if run is not None and run[1] == a:
                    run[1], run[2] = b, min(run[2], count)
                else:
                    if run is not None:
                        periods.append(_period(day0, run, rule.min_staff))
                    run = [a, b, count]
        if run is not None:
            periods.append(_period(day0, run, rule.min_staff))
        out.append(
            DayFigures(day, scheduled, open_, outside, under, rule.min_staff, tuple(periods))
        )
        day += timedelta(days=1)
    return out


def _period(day0: datetime, run: list[int], min_staff: int) -> Period:
    a, b, low = run
    return Period(day0 + timedelta(minutes=a), day0 + timedelta(minutes=b), b - a, low, min_staff)
