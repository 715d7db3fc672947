"""Holds (预约) at the hub: a point's facts about a hold, and the conflicts between points.

A hold placed anywhere joins its title's queue (``hub/holds.py`` aims it at a copy); refusals a
point could not see offline — the reader over the limit or holding the title already through
another point, a copy-level hold for a copy withdrawn meanwhile — keep the hold as ``refused``
and raise an exception to the points concerned. A capture is the copy in the staff's hand: it
stands, unless the hold already has another copy or the copy is set aside for another hold;
either is an exception, never a silent overwrite. Every handler re-aims its title's queue.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...common.times import as_utc
from ...protocol.events import (
    HoldCancelled,
    HoldCaptured,
    HoldExpired,
    HoldFilled,
    HoldNotFound,
    HoldPickupChanged,
    HoldPlaced,
    HoldShelved,
    HoldSuspended,
)
from ...protocol.wire import EventEnvelope
from ..holds import (
    ACTIVE,
    add_exception,
    beijing_day,
    current_rules,
    holds_concern,
    release_lent,
    retarget,
    waiting_titles_of,
)
from ..models import HubException, HubHold, HubTransfer
from .context import BatchContext, Rejected
from .copystate import IN_TRANSIT, Placement, place
from .feed import Feed, lock_feed, lock_holds, write_feed

if TYPE_CHECKING:  # hub.db imports the push (through admin): the type only
    from ..db import Hub

HUB_ACTION = {
    "hold_duplicate": "second hold refused; the reader keeps the first",
    "hold_limit": "hold refused; the reader was over the limit when it arrived",
    "hold_copy_unavailable": "copy-level hold refused; the copy is no longer in circulation",
    "hold_double_capture": "the hold keeps its first copy; shelve this one as usual",
    "hold_copy_claimed": "the copy stays with the first hold; the other waits for another copy",
}


def _requeue(ctx: BatchContext, *titles: str) -> None:
    rules = current_rules(ctx.s)
    ctx.s.flush()
    ctx.feed.holds.update(retarget(ctx.s, ctx.now, rules, titles, ctx.exception))


def _hold(ctx: BatchContext, uid: str) -> HubHold:
    h = ctx.s.get(HubHold, uid)
    if h is None:  # authority refuses a hold the hub does not know
        raise Rejected("unknown_hold")
    return h


def _refuse(ctx: BatchContext, e: EventEnvelope, h: HubHold, kind: str, more: dict[str, Any],
            points: list[str]) -> list[str]:  # fmt: skip
    h.status, h.reason, h.ended_at = "refused", kind.removeprefix("hold_"), ctx.now
    ctx.exception(
        f"{kind}:{h.uid}",
        kind,
        [e.point_code, *points],
        {"hold": h.uid, "card_no": h.card_no, "title_uid": h.title_uid, "item": h.item,
         "pickup_point": h.pickup_point, "staff": e.staff_code, **more,
         "hub_action": HUB_ACTION[kind]},
    )  # fmt: skip
    ctx.feed.holds.add(h.uid)
    return [kind]


def placed(ctx: BatchContext, e: EventEnvelope, p: HoldPlaced) -> list[str]:
    s = ctx.s
    if ctx.row(HubHold, p.uid) is not None:
        return []  # told before
    reader = ctx.reader(p.card_no)
    policy = ctx.policy(e.standards_version)
    rules = policy.package.service.holds if policy is not None else current_rules(s)
    h = HubHold(
        uid=p.uid,
        card_no=p.card_no,
        reader_type=reader.reader_type,
        title_uid=p.title_uid,
        isbn=p.isbn,
        item=p.item,
        placed_point=e.point_code,
        pickup_point=p.pickup_point,
        status="waiting",
        priority=1 if reader.reader_type in rules.priority_reader_types else 0,
        placed_at=as_utc(p.placed_at),
        lapse_on=p.lapse_on,
        tried=[],
    )
    ctx.add(h)
    s.flush()
    ctx.feed.holds.add(h.uid)
    other = s.scalars(
        select(HubHold).where(
            HubHold.card_no == p.card_no,
            HubHold.title_uid == p.title_uid,
            HubHold.status.in_(ACTIVE),
            HubHold.uid != p.uid,
        )
    ).first()
    if other is not None:  # the same reader, the same title, from two points offline
        return _refuse(ctx, e, h, "hold_duplicate", {"first_hold": other.uid},
                       [other.placed_point])  # fmt: skip
    count = s.scalar(
        select(func.count()).where(
            HubHold.card_no == p.card_no, HubHold.status.in_(ACTIVE), HubHold.uid != p.uid
        )
    )
    limit = rules.limit(reader.reader_type)
    if (count or 0) >= limit:
        return _refuse(ctx, e, h, "hold_limit", {"limit": limit, "count": count}, [])
    if p.item is not None:
        it = ctx.find_item(p.item)
        if it is not None and it.status in ("withdrawn", "lost", "missing"):
            return _refuse(ctx, e, h, "hold_copy_unavailable", {"copy_status": it.status},
                           [it.owner or e.point_code])  # fmt: skip
    _requeue(ctx, h.title_uid)
    return []


def cancelled(ctx: BatchContext, e: EventEnvelope, p: HoldCancelled) -> list[str]:
    h = _hold(ctx, p.uid)
    if h.status in ACTIVE:
        h.status, h.reason, h.ended_at = "cancelled", p.reason, as_utc(e.wall_time)
        h.target_item = h.target_point = None
        ctx.feed.holds.add(h.uid)
        _requeue(ctx, h.title_uid)
    return []


def suspended(ctx: BatchContext, e: EventEnvelope, p: HoldSuspended) -> list[str]:
    h = _hold(ctx, p.uid)
    if h.status == "waiting":
        h.suspended_until = p.until
        ctx.feed.holds.add(h.uid)
        _requeue(ctx, h.title_uid)
    return []


def pickup_changed(ctx: BatchContext, e: EventEnvelope, p: HoldPickupChanged) -> list[str]:
    h = _hold(ctx, p.uid)
    if h.status == "waiting":
        h.pickup_point = p.pickup_point
        h.target_item = h.target_point = None  # the cheapest copy is another one now
        ctx.feed.holds.add(h.uid)
        _requeue(ctx, h.title_uid)
    return []


def _set_aside(ctx: BatchContext, e: EventEnvelope, h: HubHold, item: str,
               shelf: Any) -> None:  # fmt: skip
    h.captured_item, h.captured_point, h.captured_at = item, e.point_code, as_utc(e.wall_time)
    h.target_item = h.target_point = None
    h.targeted_at = None
    if h.pickup_point == e.point_code:
        rules = current_rules(ctx.s)
        day = beijing_day(as_utc(e.wall_time))
        h.status = "on_shelf"
        h.shelf_expires_on = shelf or day + timedelta(days=rules.pickup_days)
    else:
        h.status = "captured"
    ctx.feed.holds.add(h.uid)


def captured(ctx: BatchContext, e: EventEnvelope, p: HoldCaptured) -> list[str]:
    s = ctx.s
    h = _hold(ctx, p.uid)
    flags: list[str] = []
    claimed = s.scalars(
        select(HubHold).where(
            HubHold.captured_item == p.item,
            HubHold.status.in_(("captured", "on_shelf")),
            HubHold.uid != h.uid,
        )
    ).first()
    if claimed is not None:  # two points set the same copy aside for two holds
        flags.append("hold_copy_claimed")
        ctx.exception(
            f"hold_copy_claimed:{p.item}:{h.uid}",
            "hold_copy_claimed",
            [e.point_code, claimed.captured_point or "", h.pickup_point, claimed.pickup_point],
            {"item": p.item, "hold": h.uid, "kept_for": claimed.uid,
             "hub_action": HUB_ACTION["hold_copy_claimed"]},
        )  # fmt: skip
    elif h.status not in ("waiting",) and h.captured_item not in (None, p.item):
        # the last copy found twice: the hold keeps the first one set aside
        flags.append("hold_double_capture")
        ctx.exception(
            f"hold_double_capture:{h.uid}:{p.item}",
            "hold_double_capture",
            [e.point_code, h.captured_point or "", h.pickup_point],
            {"hold": h.uid, "item": p.item, "kept": h.captured_item,
             "status": h.status, "hub_action": HUB_ACTION["hold_double_capture"]},
        )  # fmt: skip
    elif h.status in ("waiting", "captured", "on_shelf"):
        _set_aside(ctx, e, h, p.item, p.shelf_expires_on)
    else:  # ended meanwhile (cancelled, lapsed...): the copy is free again
        flags.append("hold_double_capture")
        ctx.exception(
            f"hold_double_capture:{h.uid}:{p.item}",
            "hold_double_capture",
            [e.point_code, h.pickup_point],
            {"hold": h.uid, "item": p.item, "kept": None, "status": h.status,
             "hub_action": HUB_ACTION["hold_double_capture"]},
        )  # fmt: skip
    if p.transfer_uid and not flags:
        t = ctx.row(HubTransfer, p.transfer_uid)
        if t is not None and t.from_point == e.point_code:
            if h.pickup_point == e.point_code:
                t.status = "received"  # it stays here, on the hold shelf
            else:
                t.to_point = h.pickup_point
            ctx.feed.transfers.add(t.uid)
    ctx.feed.items.add(p.item)
    ctx.feed.holds.add(h.uid)
    _requeue(ctx, h.title_uid)
    return flags


def shelved(ctx: BatchContext, e: EventEnvelope, p: HoldShelved) -> list[str]:
    h = _hold(ctx, p.uid)
    if h.status == "captured" and h.captured_item == p.item:
        h.status, h.shelf_expires_on = "on_shelf", p.shelf_expires_on
        ctx.feed.holds.add(h.uid)
    return []


def filled(ctx: BatchContext, e: EventEnvelope, p: HoldFilled) -> list[str]:
    h = _hold(ctx, p.uid)
    if h.status in ACTIVE:
        h.status, h.ended_at = "filled", as_utc(e.wall_time)
        h.captured_item = h.captured_item or p.item
        ctx.feed.holds.add(h.uid)
    return []


def not_found(ctx: BatchContext, e: EventEnvelope, p: HoldNotFound) -> list[str]:
    h = _hold(ctx, p.uid)
    if p.item not in (h.tried or []):
        h.tried = [*(h.tried or []), p.item]
    if h.target_item == p.item:
        h.target_item = h.target_point = None
        h.targeted_at = None
    ctx.feed.holds.add(h.uid)
    _requeue(ctx, h.title_uid)
    return []


def expired(ctx: BatchContext, e: EventEnvelope, p: HoldExpired) -> list[str]:
    s = ctx.s
    h = _hold(ctx, p.uid)
    if h.status in ACTIVE:
        h.status, h.ended_at = "expired", as_utc(e.wall_time)
        ctx.feed.holds.add(h.uid)
    flags: list[str] = []
    if p.next_uid:
        nh = s.get(HubHold, p.next_uid)
        if nh is not None and nh.status == "waiting":
            _set_aside(ctx, e, nh, p.item, None)
    if p.transfer_uid and p.route_to and ctx.row(HubTransfer, p.transfer_uid) is None:
        ctx.add(
            HubTransfer(
                uid=p.transfer_uid,
                item=p.item,
                from_point=e.point_code,
                to_point=p.route_to,
                reason="return_home",
                status="pending",
                created_at=as_utc(e.wall_time),
            )
        )
        place(ctx, ctx.item(p.item), Placement(e.hlc, IN_TRANSIT, e.point_code))
        ctx.feed.transfers.add(p.transfer_uid)
    ctx.feed.items.add(p.item)
    _requeue(ctx, h.title_uid)
    return flags


def requeue_touched(ctx: BatchContext) -> None:
    """After a batch: copies it moved may free a copy for a waiting hold, take the one a hold
    was aimed at, or lend one set aside for a hold to someone else (a librarian's override)."""
    items = sorted(ctx.feed.items)
    if not items or not holds_concern(ctx.s, items):
        return  # no hold is waiting for, or set aside, any of them: nothing to re-aim
    lock_holds(ctx.s)  # concurrent pushes of loans re-aim holds one at a time
    ctx.feed.holds |= release_lent(ctx.s, items, ctx.now)
    titles = waiting_titles_of(ctx.s, items)
    if titles:
        ctx.feed.holds |= retarget(ctx.s, ctx.now, current_rules(ctx.s), titles, ctx.exception)


def sweep(s: Session, now: datetime) -> int:
    """The whole district's queues at once (``xclib-hub holds sweep``, on a timer): lapse,
    re-aim targets a point did not act on or whose point is offline; returns holds changed."""
    lock_feed(s)
    feed = Feed()

    def exception(key: str, kind: str, points: list[str], context: dict[str, Any]) -> None:
        before = s.scalar(select(HubException.uid).where(HubException.key == key))
        add_exception(s, now, key, kind, points, context)
        s.flush()
        if before is None:
            feed.exceptions.update(
                s.scalars(select(HubException.uid).where(HubException.key == key))
            )

    feed.holds |= retarget(s, now, current_rules(s), None, exception)
    s.flush()
    write_feed(s, feed)
    return len(feed.holds)


log = logging.getLogger(__name__)


def sweep_on_timer(hub: Hub, every: float, stop: threading.Event) -> threading.Thread:
    """The district sweep on its own, every ``every`` seconds, in a thread of the hub process
    (``xclib-hub serve --holds-sweep-every``): lapsing, stale and offline targets need no push
    to happen. One thread per server (not per worker); a failed round is logged and the next
    one tries again. ``stop`` ends it."""

    def loop() -> None:
        while not stop.wait(every):
            try:
                with hub.write() as s:
                    n = sweep(s, datetime.now(UTC))
                log.info("holds sweep: %d holds changed", n)
            except Exception:  # the server goes on; the next round retries
                log.exception("holds sweep failed")

    t = threading.Thread(target=loop, name="holds-sweep", daemon=True)
    t.start()
    return t
