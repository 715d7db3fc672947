"""Reading promotion (阅读推广) at a point: plan, register, take attendance, close, offline.

:func:`plan` an activity in a series of the district's catalogue (``activity.planned``: it joins
the district calendar) -> :func:`register_card` / :func:`register_person` /
:func:`register_count` (working rows) -> on the day, :func:`admit` each card at the door and
:func:`walk_in` people without one, by age band (each scan its own transaction; a second scan of
a card is refused and counted once) -> :func:`close` with a short report (``activity.closed``:
the counts reach the hub once). :func:`reschedule` and :func:`cancel` before then.

Other points' activities arrive through the change feed (:func:`apply_hub_row`) and are read
only here. Names, phones and card numbers of an activity's lists are removed by
:func:`redact` once the package's ``attendance_retention_days`` have passed; the counts on the
activity stay. The figures are :mod:`xclib_desk.standards.activities`, the hub's definition too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..common.times import BEIJING, as_utc
from ..errors import DeskError
from ..input_checks import clean_text
from ..models import (
    Activity,
    ActivityAttendance,
    ActivityRegistration,
    OutboxEvent,
    Point,
    Reader,
    VolunteerShift,
)
from ..protocol.events import (
    ActivityCancelled,
    ActivityClosed,
    ActivityPlanned,
    ActivityRescheduled,
)
from ..protocol.feed import ActivityRow
from ..standards import kpi
from ..standards.activities import ActivityInputs, special_groups
from ..standards.activities import figures as activity_figures
from .context import Ctx, new_uid, record, report_year
from .readers import get_reader

STATUSES = ("planned", "closed", "cancelled")


@dataclass(frozen=True)
class ActivityView:
    uid: str
    point: str
    point_name: str  # the code where this desk doesn't know the point yet
    mine: bool
    series: str
    title: str
    starts_at: datetime
    ends_at: datetime
    room: str
    target_group: str
    capacity: int | None
    partner: str
    status: str
    registered: int  # people signed up (cards, named people and counts)
    attended_cards: int
    walk_ins: dict[str, int]
    participants: int  # cards at the door + walk-ins
    report: str
    redacted: bool


@dataclass(frozen=True)
class SheetLine:
    """One line of the printable sign-in sheet (names gone after retention)."""

    card_no: str | None
    name: str | None
    phone: str | None
    people: int
    admitted_at: datetime | None


@dataclass(frozen=True)
class AdmitResult:
    card_no: str
    name: str
    participants: int
    capacity: int | None


# --- reading -----------------------------------------------------------------------------------
def _activity(s: Session, uid: str) -> Activity:
    ref = (uid or "").strip().lower()
    row = s.scalars(select(Activity).where(Activity.uid == ref)).one_or_none()
    if row is None and len(ref) >= 6:  # the short form printed on the sheet
        rows = s.scalars(
            select(Activity).where(Activity.uid.startswith(ref, autoescape=True))
        ).all()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise DeskError("unknown_activity", ref=ref[:40])
    return row


def _own(s: Session, ctx: Ctx, uid: str, *, open_: bool = True) -> Activity:
    a = _activity(s, uid)
    if a.point_code != ctx.point.code:
        raise DeskError("activity_not_ours", title=a.title, point=a.point_code)
    if open_ and a.status != "planned":
        raise DeskError("activity_not_open", title=a.title, status=a.status)
    return a


def _registered(s: Session, a: Activity) -> int:
    n = s.scalar(
        select(func.coalesce(func.sum(ActivityRegistration.people), 0)).where(
            ActivityRegistration.activity_id == a.id
        )
    )
    return int(n or 0)


def _admitted(s: Session, a: Activity) -> int:
    n = s.scalar(select(func.count()).where(ActivityAttendance.activity_id == a.id))
    return int(n or 0)


def _view(s: Session, ctx: Ctx, a: Activity, names: dict[str, str] | None = None) -> ActivityView:
    live = a.point_code == ctx.point.code and a.status == "planned"
    if names is None:
        names = _point_names(s, [a.point_code])
    cards = _admitted(s, a) if live else a.attended_cards
    walk = {k: int(v) for k, v in (a.walk_ins or {}).items()}
    return ActivityView(
        uid=a.uid,
        point=a.point_code,
        point_name=names.get(a.point_code, a.point_code),
        mine=a.point_code == ctx.point.code,
        series=a.series,
        title=a.title,
        starts_at=a.starts_at,
        ends_at=a.ends_at,
        room=a.room,
        target_group=a.target_group,
        capacity=a.capacity,
        partner=a.partner,
        status=a.status,
        registered=_registered(s, a) if live else a.registered,
        attended_cards=cards,
        walk_ins=walk,
        participants=cards + sum(walk.values()) if live else a.participants,
        report=a.report,
        redacted=a.redacted,
    )


def list_activities(
    s: Session,
    ctx: Ctx,
    start: date | None = None,
    end: date | None = None,
    *,
    mine: bool = False,
) -> list[ActivityView]:
    """The calendar: this point's activities and the district's (``mine``: only ours), by
    start time, between two Beijing days (inclusive; default: from today on)."""
    lo = _day_start(start or ctx.today())
    q = select(Activity).where(Activity.starts_at >= lo)
    if end is not None:
        q = q.where(Activity.starts_at < _day_start(end + timedelta(days=1)))
    if mine:
        q = q.where(Activity.point_code == ctx.point.code)
    rows = s.scalars(q.order_by(Activity.starts_at, Activity.id)).all()
    names = _point_names(s, list({a.point_code for a in rows}))
    return [_view(s, ctx, a, names) for a in rows]


def _point_names(s: Session, codes: list[str]) -> dict[str, str]:
    return {c: n for c, n in s.execute(select(Point.code, Point.name).where(Point.code.in_(codes)))}


def get_activity(s: Session, ctx: Ctx, uid: str) -> ActivityView:
    return _view(s, ctx, _activity(s, uid))


def sign_in_sheet(s: Session, ctx: Ctx, uid: str) -> tuple[ActivityView, list[SheetLine]]:
    """The activity and its lines: every registration, then every card admitted without one
    (a printable list for the door, and the record of who came)."""
    a = _own(s, ctx, uid, open_=False)
    admitted = {
        r.card_no: r.scanned_at
        for r in s.scalars(
            select(ActivityAttendance)
            .where(ActivityAttendance.activity_id == a.id)
            .order_by(ActivityAttendance.id)
        )
    }
    names = _names(s, [c for c in admitted if c])
    lines = []
    for r in s.scalars(
        select(ActivityRegistration)
        .where(ActivityRegistration.activity_id == a.id)
        .order_by(ActivityRegistration.id)
    ):
        name = r.name or (names.get(r.card_no) if r.card_no else None)
        at = admitted.pop(r.card_no, None) if r.card_no else None
        lines.append(SheetLine(r.card_no, name, r.phone, r.people, at))
    for card, at in admitted.items():
        lines.append(SheetLine(card, names.get(card) if card else None, None, 1, at))
    return _view(s, ctx, a), lines


def _names(s: Session, cards: list[str]) -> dict[str, str]:
    rows = s.execute(select(Reader.card_no, Reader.name).where(Reader.card_no.in_(cards)))
    return {str(c): str(n) for c, n in rows}


# --- planning ----------------------------------------------------------------------------------
def _day_start(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=BEIJING)


def _times(ctx: Ctx, starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    start, end = as_utc(starts_at), as_utc(ends_at)
    if end < start:
        raise DeskError("activity_bad_times")
    if start < ctx.now():
        raise DeskError("activity_in_past", at=start)
    return start, end


def plan(
    s: Session,
    ctx: Ctx,
    *,
    series: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    target_group: str,
    room: str | None = None,
    capacity: int | None = None,
    partner: str | None = None,
) -> ActivityView:
    """A new activity of this point in a series of the district's catalogue."""
    cat = ctx.policy.package.service.activities
    code = (series or "").strip()
    if code not in {x.code for x in cat.series}:
        raise DeskError("unknown_series", code=code[:40])
    group = (target_group or "").strip()
    if group not in {g.code for g in cat.target_groups}:
        raise DeskError("unknown_target_group", code=group[:40])
    name = clean_text(title, field="title", max_len=300)
    assert name is not None
    place = clean_text(room, field="room", max_len=100, required=False) or ""
    org = clean_text(partner, field="partner", max_len=200, required=False) or ""
    if capacity is not None and capacity < 1:
        raise DeskError("number_too_large", value=capacity)
    start, end = _times(ctx, starts_at, ends_at)
    a = Activity(
        uid=new_uid(),
        point_code=ctx.point.code,
        series=code,
        title=name,
        starts_at=start,
        ends_at=end,
        room=place,
        target_group=group,
        capacity=capacity,
        partner=org,
        status="planned",
        staff_code=ctx.actor.staff_code,
        created_at=ctx.now(),
        walk_ins={},
    )
    s.add(a)
    s.flush()
    record(
        s,
        ctx,
        "activity.planned",
        ActivityPlanned(
            uid=a.uid,
            series=code,
            title=name,
            starts_at=start,
            ends_at=end,
            room=place,
            target_group=group,
            capacity=capacity,
            partner=org,
        ),
        target=a.uid,
        detail=name,
    )
    return _view(s, ctx, a)


def reschedule(
    s: Session,
    ctx: Ctx,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    room: str | None = None,
) -> ActivityView:
    a = _own(s, ctx, uid)
    a.starts_at, a.ends_at = _times(ctx, starts_at, ends_at)
    if room is not None:
        a.room = clean_text(room, field="room", max_len=100, required=False) or ""
    record(
        s,
        ctx,
        "activity.rescheduled",
        ActivityRescheduled(uid=a.uid, starts_at=a.starts_at, ends_at=a.ends_at, room=a.room),
        target=a.uid,
    )
    return _view(s, ctx, a)


def cancel(s: Session, ctx: Ctx, uid: str, reason: str | None = None) -> ActivityView:
    a = _own(s, ctx, uid)
    a.status = "cancelled"
    a.cancel_reason = clean_text(reason, field="reason", max_len=300, required=False) or ""
    record(
        s,
        ctx,
        "activity.cancelled",
        ActivityCancelled(uid=a.uid, reason=a.cancel_reason),
        target=a.uid,
        detail=a.cancel_reason,
    )
    return _view(s, ctx, a)


# --- registration and the door ------------------------------------------------------------------
def _room_for(s: Session, a: Activity, people: int, *, at_door: bool) -> None:
    """Refuse what would take the activity past its capacity (registrations count against
    it before the day, the people at the door on the day)."""
    if a.capacity is None:
        return
    taken = (
        _admitted(s, a) + sum(int(v) for v in (a.walk_ins or {}).values())
        if at_door
        else _registered(s, a)
    )
    if taken + people > a.capacity:
        raise DeskError("activity_full", title=a.title, capacity=a.capacity)


def register_card(s: Session, ctx: Ctx, uid: str, card: str) -> ActivityView:
    a = _own(s, ctx, uid)
    reader = get_reader(s, ctx, card)
    seen = s.scalar(
        select(ActivityRegistration.id).where(
            ActivityRegistration.activity_id == a.id,
            ActivityRegistration.card_no == reader.card_no,
        )
    )
    if seen is not None:
        raise DeskError("activity_card_twice", card=reader.card_no, what="registered")
    _room_for(s, a, 1, at_door=False)
    s.add(
        ActivityRegistration(
            activity_id=a.id, card_no=reader.card_no, people=1, created_at=ctx.now()
        )
    )
    s.flush()
    return _view(s, ctx, a)


def register_person(
    s: Session, ctx: Ctx, uid: str, name: str, phone: str | None = None
) -> ActivityView:
    """Someone without a card, by name (and a phone to reach them)."""
    a = _own(s, ctx, uid)
    who = clean_text(name, field="name", max_len=100)
    tel = clean_text(phone, field="phone", max_len=32, required=False)
    _room_for(s, a, 1, at_door=False)
    s.add(
        ActivityRegistration(activity_id=a.id, name=who, phone=tel, people=1, created_at=ctx.now())
    )
    s.flush()
    return _view(s, ctx, a)


def register_count(s: Session, ctx: Ctx, uid: str, people: int) -> ActivityView:
    """A number of people signed up together (a class, a group from a care home)."""
    a = _own(s, ctx, uid)
    if people < 1 or people > 10_000:
        raise DeskError("number_too_large", value=people)
    _room_for(s, a, people, at_door=False)
    s.add(ActivityRegistration(activity_id=a.id, people=people, created_at=ctx.now()))
    s.flush()
    return _view(s, ctx, a)


def _on_the_day(ctx: Ctx, a: Activity) -> None:
    today = ctx.today()
    first = a.starts_at.astimezone(BEIJING).date()
    last = a.ends_at.astimezone(BEIJING).date()
    if not first <= today <= last:
        raise DeskError("activity_not_today", title=a.title, at=a.starts_at)


def admit(s: Session, ctx: Ctx, uid: str, card: str) -> AdmitResult:
    """A card scanned at the door: counted once per activity."""
    a = _own(s, ctx, uid)
    _on_the_day(ctx, a)
    reader = get_reader(s, ctx, card)
    seen = s.scalar(
        select(ActivityAttendance.id).where(
            ActivityAttendance.activity_id == a.id,
            ActivityAttendance.card_no == reader.card_no,
        )
    )
    if seen is not None:
        raise DeskError("activity_card_twice", card=reader.card_no, what="admitted")
    _room_for(s, a, 1, at_door=True)
    s.add(ActivityAttendance(activity_id=a.id, card_no=reader.card_no, scanned_at=ctx.now()))
    s.flush()
    present = _admitted(s, a) + sum(int(v) for v in (a.walk_ins or {}).values())
    return AdmitResult(reader.card_no, reader.name, present, a.capacity)


def walk_in(s: Session, ctx: Ctx, uid: str, band: str, people: int = 1) -> ActivityView:
    """People without a card at the door, counted by age band."""
    a = _own(s, ctx, uid)
    _on_the_day(ctx, a)
    bands = ctx.policy.package.service.activities.age_bands
    if band not in bands:
        raise DeskError("unknown_age_band", code=(band or "")[:20], allowed=", ".join(bands))
    if people < 1 or people > 10_000:
        raise DeskError("number_too_large", value=people)
    _room_for(s, a, people, at_door=True)
    counts = dict(a.walk_ins or {})
    counts[band] = int(counts.get(band, 0)) + people
    a.walk_ins = counts  # a new dict: the JSON column sees the change
    s.flush()
    return _view(s, ctx, a)


def close(s: Session, ctx: Ctx, uid: str, report: str | None = None) -> ActivityView:
    """The activity was held: its counts are fixed and sent to the hub once."""
    a = _own(s, ctx, uid)
    if ctx.now() < a.starts_at:
        raise DeskError("activity_not_started", title=a.title, at=a.starts_at)
    a.report = clean_text(report, field="report", max_len=2000, required=False) or ""
    a.registered = _registered(s, a)
    a.attended_cards = _admitted(s, a)
    walk = {k: int(v) for k, v in (a.walk_ins or {}).items() if int(v) > 0}
    a.participants = a.attended_cards + sum(walk.values())
    a.status = "closed"
    a.closed_at = ctx.now()
    record(
        s,
        ctx,
        "activity.closed",
        ActivityClosed(
            uid=a.uid,
            registered=a.registered,
            attended_cards=a.attended_cards,
            walk_ins=walk,
            participants=a.participants,
            report=a.report,
        ),
        target=a.uid,
        detail=f"{a.participants} participants",
    )
    return _view(s, ctx, a)


# --- figures -----------------------------------------------------------------------------------
def _opened(s: Session, ctx: Ctx) -> date | None:
    first = s.scalar(
        select(func.min(OutboxEvent.wall_time)).where(
            OutboxEvent.type == "point.initialised", OutboxEvent.point_code == ctx.point.code
        )
    )
    return first.astimezone(BEIJING).date() if first else None


def inputs(s: Session, ctx: Ctx, year: int | None = None) -> ActivityInputs:
    """This point's raw counts for ``year`` (default: this year), as the hub counts them."""
    today = ctx.today()
    y = today.year if year is None else report_year(year)
    start, end, _ = kpi.period(y, today, _opened(s, ctx))
    lo, hi = _day_start(start), _day_start(end + timedelta(days=1))
    held = (
        Activity.point_code == ctx.point.code,
        Activity.status == "closed",
        Activity.starts_at >= lo,
        Activity.starts_at < hi,
    )
    n, people = s.execute(
        select(func.count(), func.coalesce(func.sum(Activity.participants), 0)).where(*held)
    ).one()
    package = ctx.policy.package
    special = s.scalar(
        select(func.coalesce(func.sum(Activity.participants), 0)).where(
            *held, Activity.target_group.in_(sorted(special_groups(package)))
        )
    )
    minutes = s.scalar(
        select(func.coalesce(func.sum(VolunteerShift.minutes), 0)).where(
            VolunteerShift.ended_at.is_not(None),
            VolunteerShift.ended_at >= lo,
            VolunteerShift.ended_at < hi,
        )
    )
    p = s.get_one(Point, ctx.point.id)
    return ActivityInputs(
        level=ctx.point.level,
        population=p.served_population,
        year=y,
        start=start,
        as_of=end,
        held=int(n),
        participants=int(people),
        special_participants=int(special or 0),
        volunteer_minutes=int(minutes or 0),
    )


def figures(s: Session, ctx: Ctx, year: int | None = None) -> list[kpi.Figure]:
    """This point's reading-promotion figures against its level's target."""
    return activity_figures(inputs(s, ctx, year), ctx.policy.package)


def monthly(s: Session, ctx: Ctx, year: int | None = None) -> list[tuple[int, int, int]]:
    """(month, activities held, participants) of this point for each month of ``year`` up to
    this one, Beijing months (the page's chart)."""
    today = ctx.today()
    y = today.year if year is None else report_year(year)
    last = 12 if y < today.year else today.month
    rows = s.execute(
        select(Activity.starts_at, Activity.participants).where(
            Activity.point_code == ctx.point.code,
            Activity.status == "closed",
            Activity.starts_at >= _day_start(date(y, 1, 1)),
            Activity.starts_at < _day_start(date(y + 1, 1, 1)),
        )
    ).all()
    out = {m: [0, 0] for m in range(1, last + 1)}
    for at, people in rows:
        m = at.astimezone(BEIJING).month
        if m in out:
            out[m][0] += 1
            out[m][1] += int(people)
    return [(m, n, p) for m, (n, p) in out.items()]


# --- retention and the feed --------------------------------------------------------------------
def redact(s: Session, ctx: Ctx) -> int:
    """Names, phones and card numbers of activities that ended more than the package's
    ``attendance_retention_days`` ago are removed; the counts on the activity stay. Returns
    how many activities were redacted (no event of its own: ``retention.run`` records one)."""
    days = ctx.policy.package.service.activities.attendance_retention_days
    cutoff = ctx.now() - timedelta(days=days)
    ids = list(
        s.scalars(
            select(Activity.id).where(
                Activity.point_code == ctx.point.code,
                Activity.redacted.is_(False),
                Activity.status != "planned",
                Activity.ends_at < cutoff,
            )
        )
    )
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        s.execute(
            update(ActivityRegistration)
            .where(ActivityRegistration.activity_id.in_(chunk))
            .values(card_no=None, name=None, phone=None)
            .execution_options(synchronize_session=False)
        )
        s.execute(
            update(ActivityAttendance)
            .where(ActivityAttendance.activity_id.in_(chunk))
            .values(card_no=None)
            .execution_options(synchronize_session=False)
        )
        s.execute(
            update(Activity)
            .where(Activity.id.in_(chunk))
            .values(redacted=True)
            .execution_options(synchronize_session=False)
        )
    return len(ids)


def apply_hub_row(s: Session, ctx: Ctx, d: ActivityRow) -> None:
    """An activity of the district calendar. This point's own are its to say (its rows are
    newer than the hub's): one it already has is left alone; one it lacks (a second desk of the
    point, a store restored) is taken like the others'."""
    a = s.scalars(select(Activity).where(Activity.uid == d.uid)).one_or_none()
    if a is not None and d.point == ctx.point.code:
        return
    if a is None:
        a = Activity(uid=d.uid, point_code=d.point, created_at=ctx.now(), staff_code="")
        s.add(a)
    a.series, a.title = d.series, d.title
    a.starts_at, a.ends_at = d.starts_at, d.ends_at
    a.room, a.target_group, a.capacity, a.partner = d.room, d.target_group, d.capacity, d.partner
    a.status, a.participants = d.status, d.participants
    a.walk_ins = a.walk_ins or {}
