"""Reading promotion (阅读推广) at the hub: activities into the district calendar, their counts
once held, and volunteer hours once per shift.

Every handler is idempotent: an activity is keyed by its uid (planned again: nothing new), a
close is taken once (a second ``activity.closed`` for a closed activity changes nothing) and a
shift is keyed by its uid. Each change to an activity is published to every point's feed.
"""

from __future__ import annotations

from ...common.times import as_utc
from ...protocol.events import (
    ActivityCancelled,
    ActivityClosed,
    ActivityPlanned,
    ActivityRescheduled,
    VolunteerShiftDone,
)
from ...protocol.wire import EventEnvelope
from ..activities import HubActivity, HubVolunteerShift
from .context import BatchContext, Rejected


def planned(ctx: BatchContext, e: EventEnvelope, p: ActivityPlanned) -> list[str]:
    if p.ends_at < p.starts_at:
        raise Rejected("bad_payload")
    policy = ctx.policy(e.standards_version)
    if policy is not None:  # the desk checks the catalogue; the hub does not take its word
        catalogue = policy.package.service.activities
        if catalogue.series and p.series not in {x.code for x in catalogue.series}:
            raise Rejected("unknown_series")
        groups = {g.code for g in catalogue.target_groups}
        if groups and p.target_group not in groups:
            raise Rejected("unknown_target_group")
    if ctx.s.get(HubActivity, p.uid) is not None:
        return []  # told before
    a = HubActivity(
        uid=p.uid,
        point=e.point_code,
        series=p.series,
        title=p.title,
        starts_at=as_utc(p.starts_at),
        ends_at=as_utc(p.ends_at),
        room=p.room,
        target_group=p.target_group,
        capacity=p.capacity,
        partner=p.partner,
        status="planned",
        registered=0,
        attended_cards=0,
        walk_ins={},
        participants=0,
    )
    ctx.s.add(a)
    ctx.s.flush()
    ctx.feed.activities.add(a.uid)
    return []


def _own(ctx: BatchContext, uid: str) -> HubActivity:
    a = ctx.s.get(HubActivity, uid)
    assert a is not None  # authority: an activity the hub knows, of the sender
    return a


def rescheduled(ctx: BatchContext, e: EventEnvelope, p: ActivityRescheduled) -> list[str]:
    if p.ends_at < p.starts_at:
        raise Rejected("bad_payload")
    a = _own(ctx, p.uid)
    if a.status != "planned":
        return []  # held or cancelled already: the calendar keeps what happened
    a.starts_at, a.ends_at, a.room = as_utc(p.starts_at), as_utc(p.ends_at), p.room
    ctx.s.flush()
    ctx.feed.activities.add(a.uid)
    return []


def cancelled(ctx: BatchContext, e: EventEnvelope, p: ActivityCancelled) -> list[str]:
    a = _own(ctx, p.uid)
    if a.status != "planned":
        return []
    a.status = "cancelled"
    ctx.s.flush()
    ctx.feed.activities.add(a.uid)
    return []


def closed(ctx: BatchContext, e: EventEnvelope, p: ActivityClosed) -> list[str]:
    # participants are what came: cards at the door and walk-ins, nothing else
    if p.participants != p.attended_cards + sum(p.walk_ins.values()):
        raise Rejected("bad_payload")
    a = _own(ctx, p.uid)
    if a.status == "closed":
        return []  # counted once
    a.status = "closed"
    a.registered, a.attended_cards = p.registered, p.attended_cards
    a.walk_ins = dict(p.walk_ins)
    a.participants = p.participants
    a.closed_at = as_utc(e.wall_time)
    ctx.s.flush()
    ctx.feed.activities.add(a.uid)
    return []


def volunteer_shift(ctx: BatchContext, e: EventEnvelope, p: VolunteerShiftDone) -> list[str]:
    if p.ended_at < p.started_at:
        raise Rejected("bad_payload")
    if ctx.s.get(HubVolunteerShift, p.uid) is None:
        ctx.s.add(
            HubVolunteerShift(
                uid=p.uid,
                point=e.point_code,
                volunteer=p.volunteer,
                team=p.team,
                started_at=as_utc(p.started_at),
                ended_at=as_utc(p.ended_at),
                minutes=p.minutes,
            )
        )
    return []
