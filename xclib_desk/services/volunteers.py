"""Volunteers (志愿者) of a point: the roster, sign-in and sign-out by card scan, their hours.

The roster and its contact data are the point's own (a working list, no event): a reader can
be a volunteer (their card signs them in), someone without a card is scanned by the roster
number printed for them (the first characters of their uid). :func:`sign_in` opens a shift,
:func:`sign_out` closes it and sends its hours to the hub once (``volunteer.shift``); signing
in or out twice is refused and changes nothing. Hours add up per volunteer, team and point
(:func:`hours`); :func:`statement` is the certificate-style hours statement to print.
Phones of volunteers without a shift for the package's ``volunteer_contact_retention_days``
are removed (:func:`redact`); names and hours stay, for the statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ..common.times import BEIJING
from ..errors import DeskError
from ..input_checks import clean_text
from ..models import Volunteer, VolunteerShift
from ..protocol.events import VolunteerShiftDone
from ..standards.policy import normalise_barcode
from .context import Ctx, new_uid, record
from .readers import get_reader


@dataclass(frozen=True)
class VolunteerView:
    uid: str
    ref: str  # the short number printed on a volunteer's badge
    card_no: str | None
    name: str
    phone: str | None
    team: str
    active: bool
    signed_in_at: datetime | None  # the open shift's start


@dataclass(frozen=True)
class ShiftView:
    uid: str
    volunteer: str
    name: str
    team: str
    started_at: datetime
    ended_at: datetime | None
    minutes: int


@dataclass(frozen=True)
class Hours:
    """Minutes per volunteer (uid -> name, team, minutes), per team, and for the point."""

    start: date
    end: date
    volunteers: tuple[tuple[str, str, str, int], ...]
    teams: tuple[tuple[str, int], ...]
    total_minutes: int


@dataclass(frozen=True)
class Statement:
    volunteer: VolunteerView
    point: str
    point_name: str
    start: date
    end: date
    shifts: tuple[ShiftView, ...]
    total_minutes: int


def _ref(uid: str) -> str:
    return uid[:8].upper()


def _open_shift(s: Session, v: Volunteer) -> VolunteerShift | None:
    return s.scalars(
        select(VolunteerShift).where(
            VolunteerShift.volunteer_id == v.id, VolunteerShift.ended_at.is_(None)
        )
    ).first()


def _view(s: Session, v: Volunteer) -> VolunteerView:
    shift = _open_shift(s, v)
    return VolunteerView(
        v.uid,
        _ref(v.uid),
        v.card_no,
        v.name,
        v.phone,
        v.team,
        v.active,
        shift.started_at if shift else None,
    )


def _find(s: Session, ctx: Ctx, scanned: str) -> Volunteer:
    """A volunteer by the card scanned or their badge number."""
    code = normalise_barcode(scanned or "")
    if not code:
        raise DeskError("unknown_volunteer", ref="")
    v = s.scalars(
        select(Volunteer).where(
            or_(Volunteer.card_no == code, Volunteer.uid.startswith(code.lower(), autoescape=True))
        )
    ).first()
    if v is None:
        raise DeskError("unknown_volunteer", ref=code[:40])
    return v


def roster(s: Session, ctx: Ctx, *, all_: bool = False) -> list[VolunteerView]:
    q = select(Volunteer).order_by(Volunteer.team, Volunteer.name, Volunteer.id)
    if not all_:
        q = q.where(Volunteer.active.is_(True))
    return [_view(s, v) for v in s.scalars(q)]


def enrol(
    s: Session,
    ctx: Ctx,
    *,
    name: str | None = None,
    phone: str | None = None,
    team: str | None = None,
    card: str | None = None,
) -> VolunteerView:
    """Add someone to the roster: a reader by card (their name from the reader record), or a
    person by name and phone."""
    card_no = None
    if card:
        reader = get_reader(s, ctx, card)
        card_no = reader.card_no
        if s.scalar(select(Volunteer.id).where(Volunteer.card_no == card_no)) is not None:
            raise DeskError("volunteer_card_taken", card=card_no)
        name = name or reader.name
        phone = phone or reader.phone
    who = clean_text(name, field="name", max_len=100)
    assert who is not None
    v = Volunteer(
        uid=new_uid(),
        card_no=card_no,
        name=who,
        phone=clean_text(phone, field="phone", max_len=32, required=False),
        team=clean_text(team, field="team", max_len=100, required=False) or "",
        active=True,
        created_at=ctx.now(),
    )
    s.add(v)
    s.flush()
    return _view(s, v)


def sign_in(s: Session, ctx: Ctx, scanned: str) -> VolunteerView:
    v = _find(s, ctx, scanned)
    shift = _open_shift(s, v)
    if shift is not None:
        raise DeskError("volunteer_signed_in", name=v.name, at=shift.started_at)
    s.add(
        VolunteerShift(
            uid=new_uid(), volunteer_id=v.id, team=v.team, started_at=ctx.now(), minutes=0
        )
    )
    s.flush()
    return _view(s, v)


def sign_out(s: Session, ctx: Ctx, scanned: str) -> ShiftView:
    """Close the volunteer's open shift; its hours go to the hub once."""
    v = _find(s, ctx, scanned)
    shift = _open_shift(s, v)
    if shift is None:
        raise DeskError("volunteer_not_signed_in", name=v.name)
    now = ctx.now()
    shift.ended_at = max(now, shift.started_at)
    shift.minutes = int((shift.ended_at - shift.started_at).total_seconds() // 60)
    record(
        s,
        ctx,
        "volunteer.shift",
        VolunteerShiftDone(
            uid=shift.uid,
            volunteer=v.uid,
            team=shift.team,
            started_at=shift.started_at,
            ended_at=shift.ended_at,
            minutes=shift.minutes,
        ),
        target=_ref(v.uid),
        detail=f"{shift.minutes} min",
    )
    return ShiftView(
        shift.uid, v.uid, v.name, shift.team, shift.started_at, shift.ended_at, shift.minutes
    )


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    lo = datetime(start.year, start.month, start.day, tzinfo=BEIJING)
    hi = datetime(end.year, end.month, end.day, tzinfo=BEIJING) + timedelta(days=1)
    return lo, hi


def hours(s: Session, ctx: Ctx, start: date, end: date) -> Hours:
    """Minutes of shifts that ended between two Beijing days (inclusive)."""
    lo, hi = _bounds(start, end)
    done = (
        VolunteerShift.ended_at.is_not(None),
        VolunteerShift.ended_at >= lo,
        VolunteerShift.ended_at < hi,
    )
    people = s.execute(
        select(Volunteer.uid, Volunteer.name, Volunteer.team, func.sum(VolunteerShift.minutes))
        .join(Volunteer, Volunteer.id == VolunteerShift.volunteer_id)
        .where(*done)
        .group_by(Volunteer.uid, Volunteer.name, Volunteer.team)
        .order_by(Volunteer.team, Volunteer.name)
    ).all()
    teams = s.execute(
        select(VolunteerShift.team, func.sum(VolunteerShift.minutes))
        .where(*done)
        .group_by(VolunteerShift.team)
        .order_by(VolunteerShift.team)
    ).all()
    return Hours(
        start,
        end,
        tuple((str(u), str(n), str(t), int(m or 0)) for u, n, t, m in people),
        tuple((str(t), int(m or 0)) for t, m in teams),
        sum(int(m or 0) for _, m in teams),
    )


def statement(s: Session, ctx: Ctx, scanned: str, start: date, end: date) -> Statement:
    """One volunteer's shifts and hours between two days, for the printed statement."""
    v = _find(s, ctx, scanned)
    lo, hi = _bounds(start, end)
    shifts = s.scalars(
        select(VolunteerShift)
        .where(
            VolunteerShift.volunteer_id == v.id,
            VolunteerShift.ended_at.is_not(None),
            VolunteerShift.ended_at >= lo,
            VolunteerShift.ended_at < hi,
        )
        .order_by(VolunteerShift.started_at)
    ).all()
    rows = tuple(
        ShiftView(x.uid, v.uid, v.name, x.team, x.started_at, x.ended_at, x.minutes) for x in shifts
    )
    return Statement(
        _view(s, v),
        ctx.point.code,
        ctx.point.name,
        start,
        end,
        rows,
        sum(x.minutes for x in rows),
    )


def redact(s: Session, ctx: Ctx) -> int:
    """Phones of volunteers with no shift (nor enrolment) in the retention period are removed;
    their names and hours stay for the statements. Returns how many were cleared."""
    days = ctx.policy.package.service.activities.volunteer_contact_retention_days
    cutoff = ctx.now() - timedelta(days=days)
    recent = select(VolunteerShift.volunteer_id).where(
        or_(VolunteerShift.ended_at.is_(None), VolunteerShift.ended_at >= cutoff)
    )
    ids = list(
        s.scalars(
            select(Volunteer.id).where(
                Volunteer.phone.is_not(None),
                Volunteer.created_at < cutoff,
                Volunteer.id.not_in(recent),
            )
        )
    )
    for i in range(0, len(ids), 500):
        s.execute(
            update(Volunteer)
            .where(Volunteer.id.in_(ids[i : i + 500]))
            .values(phone=None)
            .execution_options(synchronize_session=False)
        )
    return len(ids)
