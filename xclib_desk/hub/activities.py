"""Reading promotion at the hub: the district calendar, the counts of held activities, the
volunteer hours, and their figures for the district report.

An activity is filed under the point that planned it (``hub_activity``) and published to every
point's feed (scope ``*``, kind ``activity``) whenever it changes, so each point can promote the
others'. Only counts arrive: attendance lists and volunteers' names and phones stay at the point
(their retention is the point's). Volunteer hours arrive once per shift (``hub_volunteer_shift``,
keyed by the shift's uid, so a replay adds nothing).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import JSON, Index, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..common.times import BEIJING
from ..protocol.feed import ActivityRow
from ..standards import kpi
from ..standards.activities import ActivityInputs, figures, special_groups
from ..standards.schema import StandardsPackage
from .models import HubBase, HubEvent, HubPoint


class HubActivity(HubBase):
    __tablename__ = "hub_activity"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    point: Mapped[str] = mapped_column(String(32), index=True)
    series: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room: Mapped[str] = mapped_column(String(300), default="")
    target_group: Mapped[str] = mapped_column(String(32))
    capacity: Mapped[int | None]
    partner: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(16), default="planned")  # |closed|cancelled
    registered: Mapped[int] = mapped_column(default=0)
    attended_cards: Mapped[int] = mapped_column(default=0)
    walk_ins: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    participants: Mapped[int] = mapped_column(default=0)
    closed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_hub_activity_point_start", "point", "starts_at"),)


class HubVolunteerShift(HubBase):
    __tablename__ = "hub_volunteer_shift"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    point: Mapped[str] = mapped_column(String(32))
    volunteer: Mapped[str] = mapped_column(String(36))
    team: Mapped[str] = mapped_column(String(100), default="")
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    minutes: Mapped[int]

    __table_args__ = (Index("ix_hub_volunteer_shift_point_end", "point", "ended_at"),)


def activity_row(a: HubActivity) -> ActivityRow:
    return ActivityRow(
        uid=a.uid,
        point=a.point,
        series=a.series,
        title=a.title,
        starts_at=a.starts_at,
        ends_at=a.ends_at,
        room=a.room,
        target_group=a.target_group,
        capacity=a.capacity,
        partner=a.partner,
        status=a.status,
        participants=a.participants,
    )


# --- figures -----------------------------------------------------------------------------------
def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Beijing days ``start``..``end`` (inclusive) as instants, for SQL on stored UTC times."""
    return (
        datetime.combine(start, time(), BEIJING),
        datetime.combine(end + timedelta(days=1), time(), BEIJING),
    )


def point_inputs(
    s: Session, p: HubPoint, package: StandardsPackage, y: int, start: date, end: date
) -> ActivityInputs:
    lo, hi = day_bounds(start, end)
    held = (
        HubActivity.point == p.code,
        HubActivity.status == "closed",
        HubActivity.starts_at >= lo,
        HubActivity.starts_at < hi,
    )
    n, people = s.execute(
        select(func.count(), func.coalesce(func.sum(HubActivity.participants), 0)).where(*held)
    ).one()
    special = s.scalar(
        select(func.coalesce(func.sum(HubActivity.participants), 0)).where(
            *held, HubActivity.target_group.in_(sorted(special_groups(package)))
        )
    )
    minutes = s.scalar(
        select(func.coalesce(func.sum(HubVolunteerShift.minutes), 0)).where(
            HubVolunteerShift.point == p.code,
            HubVolunteerShift.ended_at >= lo,
            HubVolunteerShift.ended_at < hi,
        )
    )
    return ActivityInputs(
        level=p.level,
        population=p.population,
        year=y,
        start=start,
        as_of=end,
        held=int(n),
        participants=int(people),
        special_participants=int(special or 0),
        volunteer_minutes=int(minutes or 0),
    )


def district_figures(
    s: Session, y: int, today: date, package: StandardsPackage
) -> list[kpi.PointActivities]:
    """Every registered point's reading-promotion figures for year ``y`` as of ``today``."""
    opened = {
        str(p): at
        for p, at in s.execute(
            select(HubEvent.point_code, func.min(HubEvent.wall_time))
            .where(HubEvent.type == "point.initialised")
            .group_by(HubEvent.point_code)
        )
    }
    out = []
    for p in s.scalars(select(HubPoint).order_by(HubPoint.code)):
        first = opened.get(p.code)
        start, end, _ = kpi.period(y, today, first.astimezone(BEIJING).date() if first else None)
        inp = point_inputs(s, p, package, y, start, end)
        out.append(kpi.PointActivities(point_code=p.code, figures=figures(inp, package)))
    return out


def calendar(s: Session, start: date, end: date) -> list[HubActivity]:
    """The district calendar between two Beijing days (inclusive), by start time."""
    lo, hi = day_bounds(start, end)
    return list(
        s.scalars(
            select(HubActivity)
            .where(HubActivity.starts_at >= lo, HubActivity.starts_at < hi)
            .order_by(HubActivity.starts_at, HubActivity.uid)
        )
    )
