"""Staff duty (统一人员配备): sign on and off, who is on duty, and hours open per day.

A shift is a row and two events (``duty.started``, ``duty.ended``). A shift nobody closed ends
at the midnight after it began: the figures already count it that way (``standards.hours``), and
the desk writes that end as an ``auto`` event the next time anyone signs on or off, so the hub
learns it too. A librarian or admin may close the shift of someone who forgot, at the time they
actually left. The per-day arithmetic is the same pure function the hub uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..common.times import BEIJING
from ..errors import DeskError, Phrase, Text
from ..models import DutyShift, Point, Staff
from ..protocol.events import DutyEnded, DutyStarted
from ..standards.hours import (
    DayFigures,
    Period,
    Shift,
    WeekRule,
    day_figures,
    midnight,
    rule_for,
)
from .context import SYSTEM, Ctx, new_uid, record, require_role

EndReason = Literal["signed_off", "closed_by_other", "auto"]


@dataclass(frozen=True)
class ShiftView:
    uid: str
    staff_code: str
    staff_name: str
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None


@dataclass(frozen=True)
class DutyStatus:
    """What the status bar shows: on duty now against the level's minimum."""

    on_duty: list[ShiftView]
    count: int
    minimum: int
    scheduled_open: bool  # now is inside the point's scheduled hours
    understaffed: bool  # open or scheduled now, with fewer than the minimum on duty


def _names(s: Session) -> dict[str, str]:
    return {code: name for code, name in s.execute(select(Staff.code, Staff.name))}


def _view(row: DutyShift, names: dict[str, str]) -> ShiftView:
    return ShiftView(
        row.uid,
        row.staff_code,
        names.get(row.staff_code, row.staff_code),
        row.started_at,
        row.ended_at,
        row.end_reason,
    )


def _open(s: Session, code: str | None = None) -> list[DutyShift]:
    q = select(DutyShift).where(DutyShift.ended_at.is_(None)).order_by(DutyShift.started_at)
    if code is not None:
        q = q.where(DutyShift.staff_code == code)
    return list(s.scalars(q))


def _end(s: Session, ctx: Ctx, row: DutyShift, at: datetime, reason: EndReason) -> None:
    row.ended_at, row.end_reason = at, reason
    row.ended_by = ctx.actor.staff_code if reason != "auto" else SYSTEM.staff_code
    record(
        s,
        ctx,
        "duty.ended",
        DutyEnded(uid=row.uid, staff_code=row.staff_code, ended_at=at, reason=reason),
        target=row.staff_code,
        detail=reason,
    )


def _close_stale(s: Session, ctx: Ctx) -> None:
    """Shifts left open from an earlier day (forgotten, or the desk crashed) end at midnight."""
    today0 = midnight(ctx.today())
    for row in _open(s):
        if row.started_at < today0:
            start_day = row.started_at.astimezone(BEIJING).date()
            _end(s, ctx, row, midnight(start_day + timedelta(days=1)), "auto")
    s.flush()


def _who(s: Session, ctx: Ctx, staff_code: str | None, action: str) -> str:
    code = (staff_code or ctx.actor.staff_code).strip()
    if code != ctx.actor.staff_code:
        require_role(ctx, "librarian", "admin", action=action)
    row = s.scalars(select(Staff).where(Staff.code == code)).one_or_none()
    if row is None or not row.active:
        raise DeskError("unknown_staff", code=code)
    return code


def sign_on(s: Session, ctx: Ctx, staff_code: str | None = None) -> ShiftView:
    """Start a shift for the signed-in staff member (or, for a librarian, a colleague)."""
    code = _who(s, ctx, staff_code, "sign a colleague on duty")
    _close_stale(s, ctx)
    current = _open(s, code)
    if current:
        raise DeskError("already_on_duty", staff=code, since=current[0].started_at)
    row = DutyShift(uid=new_uid(), staff_code=code, started_at=ctx.now())
    s.add(row)
    record(
        s,
        ctx,
        "duty.started",
        DutyStarted(uid=row.uid, staff_code=code, started_at=row.started_at),
        target=code,
    )
    return _view(row, _names(s))


def sign_off(
    s: Session, ctx: Ctx, staff_code: str | None = None, at: datetime | None = None
) -> ShiftView:
    """End a shift now, or at ``at`` (when a librarian closes a shift someone forgot)."""
    code = _who(s, ctx, staff_code, "sign a colleague off duty")
    current = _open(s, code)
    if not current:
        raise DeskError("not_on_duty", staff=code)
    row = current[0]
    now = ctx.now()
    reason: EndReason = "signed_off" if code == ctx.actor.staff_code else "closed_by_other"
    if at is None:
        end = now
        start_day = row.started_at.astimezone(BEIJING).date()
        if start_day < ctx.today():  # forgotten yesterday: it ended at midnight
            end, reason = midnight(start_day + timedelta(days=1)), "auto"
    else:
        if at.tzinfo is None:
            raise DeskError("bad_input", detail=Text("时间须含时区", "the time needs a time zone"))
        # a shift ends by the midnight after it began (the figures, the range queries of
        # ``shifts`` and the hub all rely on it): a later time would count the night as open
        cap = midnight(row.started_at.astimezone(BEIJING).date() + timedelta(days=1))
        if at < row.started_at or at > now or at > cap:
            raise DeskError(
                "bad_input",
                detail=Text(
                    "签退时间须在签到之后、现在之前，且不晚于当日24时",
                    "the sign-off time must be after sign-on, not later than now, "
                    "and by the midnight after sign-on",
                ),
            )
        end = at
    _end(s, ctx, row, end, reason)
    _close_stale(s, ctx)
    return _view(row, _names(s))


def on_duty(s: Session, ctx: Ctx) -> list[ShiftView]:
    """Staff on duty now (shifts begun today and not ended)."""
    today0 = midnight(ctx.today())
    names = _names(s)
    return [_view(r, names) for r in _open(s) if r.started_at >= today0]


def _rules(s: Session, ctx: Ctx) -> Callable[[date], WeekRule]:
    own = s.get_one(Point, ctx.point.id).schedule
    cache: dict[int, WeekRule] = {}

    def rule_at(day: date) -> WeekRule:
        policy = ctx.policy_at(midnight(day))
        if policy.version not in cache:
            cache[policy.version] = rule_for(policy.package, ctx.point.level, own)
        return cache[policy.version]

    return rule_at


def duty_status(s: Session, ctx: Ctx) -> DutyStatus:
    now = ctx.now()
    rule = _rules(s, ctx)(ctx.today())
    shifts = on_duty(s, ctx)
    scheduled = rule.is_open(now)
    count = len({x.staff_code for x in shifts})
    return DutyStatus(
        on_duty=shifts,
        count=count,
        minimum=rule.min_staff,
        scheduled_open=scheduled,
        understaffed=(scheduled or count > 0) and count < rule.min_staff,
    )


def shifts(s: Session, ctx: Ctx, start: date, end: date) -> list[ShiftView]:
    """Shifts that touch the Beijing days ``start``..``end``, oldest first."""
    lo, hi = midnight(start), midnight(end + timedelta(days=1))
    rows = s.scalars(
        select(DutyShift)
        .where(
            DutyShift.started_at < hi,
            DutyShift.started_at >= lo - timedelta(days=1),
        )
        .order_by(DutyShift.started_at)
    )
    names = _names(s)
    return [_view(r, names) for r in rows if r.ended_at is None or r.ended_at > lo]


def day_hours(s: Session, ctx: Ctx, start: date, end: date) -> list[DayFigures]:
    """Per day: minutes scheduled, open, open outside the schedule, understaffed."""
    if end < start:
        raise DeskError("bad_input", detail=Phrase("end_before_start"))
    if (end - start).days > 400:
        raise DeskError("bad_input", detail=Text("最多 400 天", "at most 400 days"))
    rows = [Shift(x.staff_code, x.started_at, x.ended_at) for x in shifts(s, ctx, start, end)]
    return day_figures(rows, _rules(s, ctx), start, end, ctx.now())


def understaffed_periods(s: Session, ctx: Ctx, start: date, end: date) -> list[Period]:
    return [p for d in day_hours(s, ctx, start, end) for p in d.periods]
