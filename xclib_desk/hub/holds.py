"""The hub's holds (预约): one queue per title, and which copy serves which hold.

:func:`retarget` is the targeting rule (docs/holds.md): waiting holds in queue order — the
package's special groups first (``priority_reader_types``), then first come first served —
each take the cheapest copy still free: available, on the shelf of a point that syncs, not
aimed at by an earlier hold, not given up on for this hold, the cheapest by the package's
transport rule (the pickup point's own copy costs nothing). A target stands while its copy is
still there and its point acts in time; otherwise the hold is aimed elsewhere. The same sweep
lapses requests that waited too long and raises, once, an exception for a reader blocked or
expired while waiting. It runs after every push that touched a copy or a hold of a waiting
title, and for the whole district from ``xclib-hub holds sweep``.

:func:`hold_rows` builds the feed rows of changed holds with their scopes (the placing, pickup,
targeted and capturing points, the reader's home point, and — while the hold waits — every
point holding a copy of its title, so that a return there can capture the copy).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, partial
from typing import Any

from sqlalchemy import Text, bindparam, cast, func, or_, select, type_coerce, update
from sqlalchemy.orm import Session

from ..common.times import BEIJING
from ..protocol.feed import HOLDS_READY_MAX, HoldRow
from ..protocol.types import HOLD_ENDED
from ..standards.policy import load_bundled
from ..standards.schema import HoldRules, StandardsPackage
from .bulk import in_keys, is_pg, key_chunks, where_in
from .models import (
    HubDevice,
    HubException,
    HubHold,
    HubItem,
    HubReader,
    HubShipment,
    HubShipmentItem,
    HubStandards,
    HubTitle,
)

#: a hold still in play
ACTIVE = ("waiting", "captured", "on_shelf")
#: a copy the hub may aim a hold at
FREE = "available"


def current_rules(s: Session) -> HoldRules:
    """The hold rules of the newest package the hub has (the bundled defaults before any)."""
    body = s.scalar(select(HubStandards.body).order_by(HubStandards.version.desc()).limit(1))
    pkg = StandardsPackage.model_validate_json(body) if body else load_bundled()
    return pkg.service.holds


def beijing_day(at: datetime) -> date:
    return at.astimezone(BEIJING).date()


def offline_points(s: Session, now: datetime, rules: HoldRules) -> set[str]:
    """Points whose devices have all been silent for longer than the package allows (a point
    never seen at all is not counted offline: it has no shelf the hub knows of yet)."""
    cutoff = now - timedelta(days=rules.offline_days)
    rows = s.execute(
        select(HubDevice.point_code, func.max(HubDevice.last_seen_at))
        .where(HubDevice.revoked_at.is_(None))
        .group_by(HubDevice.point_code)
    ).all()
    return {p for p, last in rows if last is not None and last < cutoff}


@dataclass
class Copy:
    barcode: str
    title_uid: str
    location: str
    material_type: str


def _holdable(rules: HoldRules, material: str) -> bool:
    return not rules.holdable_material_types or material in rules.holdable_material_types


@dataclass
class _Waiting:
    """A waiting hold as targeting reads and changes it (plain values: the sweep handles
    tens of thousands at once and writes back only what changed, in one statement)."""

    uid: str
    card_no: str
    title_uid: str
    isbn: str | None
    item: str | None
    placed_point: str
    pickup_point: str
    priority: int
    placed_at: datetime
    lapse_on: date
    suspended_until: date | None
    target_item: str | None
    target_point: str | None
    targeted_at: datetime | None
    tried_raw: Any
    status: str = "waiting"
    changed: bool = False
    tried: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tried = _tried(self.tried_raw)

    def drop_target(self) -> None:
        if self.target_item is not None:
            self.target_item = self.target_point = None
            self.targeted_at = None
            self.changed = True


_WAITING_COLS = (
    HubHold.uid, HubHold.card_no, HubHold.title_uid, HubHold.isbn, HubHold.item,
    HubHold.placed_point, HubHold.pickup_point, HubHold.priority, HubHold.placed_at,
    HubHold.lapse_on, HubHold.suspended_until, HubHold.target_item, HubHold.target_point,
    HubHold.targeted_at, type_coerce(HubHold.tried, Text),
)  # fmt: skip


def _tried(raw: Any) -> list[str]:
    """The ``tried`` column read as text (decoded only when not empty: most are ``[]``);
    a driver that decodes JSON itself hands over the list."""
    if isinstance(raw, list):
        return [str(x) for x in raw]
    return [str(x) for x in json.loads(raw)] if raw and raw != "[]" else []


def retarget(
    s: Session,
    now: datetime,
    rules: HoldRules | None = None,
    titles: Iterable[str] | None = None,
    exception: Callable[[str, str, list[str], dict[str, Any]], None] | None = None,
) -> set[str]:
    """Aim the waiting holds (of ``titles``, or all) at copies; returns the holds changed.

    ``exception(key, kind, points, context)`` records a conflict (the push's, or a plain
    insert for the sweep). The caller has flushed; held ``HubHold`` objects of the session are
    expired for what this changed."""
    rules = rules or current_rules(s)
    record = exception or partial(add_exception, s, now)
    today = beijing_day(now)
    q = select(*_WAITING_COLS).where(HubHold.status == "waiting")
    conn = s.connection()  # plain rows: no ORM objects for tens of thousands of holds
    waiting: list[_Waiting] = []
    if titles is None:
        waiting = [_Waiting(*r) for r in conn.execute(q)]  # type: ignore[call-arg]
    else:
        for clause in where_in(s, HubHold.title_uid, sorted(set(titles))):
            waiting.extend(_Waiting(*r) for r in conn.execute(q.where(clause)))  # type: ignore[call-arg]
    if not waiting:
        return set()
    offline = offline_points(s, now, rules)
    stale = now - timedelta(days=rules.pull_days)
    cards = sorted({h.card_no for h in waiting})
    readers: dict[str, tuple[str, date | None, str | None]] = {}
    for clause in where_in(s, HubReader.card_no, cards):
        for card, status, expires, home in s.execute(
            select(
                HubReader.card_no, HubReader.status, HubReader.expires_on, HubReader.home_point
            ).where(clause)
        ):
            readers[card] = (status, expires, home)
    # --- the holds that take part ---
    live: list[_Waiting] = []
    for h in waiting:
        if h.lapse_on < today:
            h.status, h.changed = "lapsed", True
            h.drop_target()
            continue
        r = readers.get(h.card_no)
        if r is not None and (r[0] == "blocked" or (r[1] is not None and r[1] < today)):
            why = "blocked" if r[0] == "blocked" else "expired"
            record(
                f"hold_reader:{h.uid}:{why}",
                "hold_reader_unable",
                [h.placed_point, h.pickup_point] + ([r[2]] if r[2] else []),
                {"hold": h.uid, "card_no": h.card_no, "reader_status": why,
                 "hub_action": "hold kept waiting, not served until the card is in order"},
            )  # fmt: skip
            h.drop_target()
            continue
        if h.suspended_until is not None and h.suspended_until > today:
            h.drop_target()
            continue
        live.append(h)
    if live:
        _aim(s, rules, now, stale, offline, live)
    return _write_back(s, now, waiting)


def _aim(s: Session, rules: HoldRules, now: datetime, stale: datetime, offline: set[str],
         live: list[_Waiting]) -> None:  # fmt: skip
    """The targeting rule proper (docs/holds.md), on the holds that may be served now."""
    title_uids = sorted({h.title_uid for h in live})
    isbns = sorted({h.isbn for h in live if h.isbn})
    by_isbn: dict[str, set[str]] = {}
    if isbns:  # an edition-restricted hold takes any record of that ISBN
        for clause in where_in(s, HubTitle.isbn, isbns):
            for uid, isbn in s.execute(select(HubTitle.uid, HubTitle.isbn).where(clause)):
                by_isbn.setdefault(isbn or "", set()).add(uid)
    wanted_titles = sorted(set(title_uids).union(*by_isbn.values()))
    copies: dict[str, list[Copy]] = {}
    where: dict[str, Copy] = {}
    for clause in where_in(s, HubItem.title_uid, wanted_titles):
        for bc, tuid, loc, mt in s.connection().execute(
            select(
                HubItem.barcode, HubItem.title_uid, HubItem.location, HubItem.material_type
            ).where(clause, HubItem.status == FREE, HubItem.location.is_not(None))
        ):
            if tuid is None or loc is None or loc in offline or not _holdable(rules, mt):
                continue
            c = Copy(bc, tuid, loc, mt)
            copies.setdefault(tuid, []).append(c)
            where[bc] = c
    # copies set aside for a hold, or aimed at by one that keeps its target, are taken
    taken: set[str] = set()
    for clause in where_in(s, HubHold.title_uid, wanted_titles):
        taken.update(
            bc
            for (bc,) in s.execute(
                select(HubHold.captured_item).where(
                    clause, HubHold.status.in_(("captured", "on_shelf"))
                )
            )
            if bc
        )
    live.sort(key=lambda h: (-h.priority, h.placed_at, h.uid))
    kept: set[str] = set()
    for h in live:
        aimed = where.get(h.target_item or "")
        if (
            aimed is not None
            and aimed.barcode not in taken
            and aimed.location == h.target_point
            and h.targeted_at is not None
            and h.targeted_at >= stale
        ):
            taken.add(aimed.barcode)
            kept.add(h.uid)
        elif h.target_item is not None:
            if h.targeted_at is not None and h.targeted_at < stale:
                h.tried = [*h.tried, h.target_item]  # the point did not act in time
            h.drop_target()
    for h in live:
        if h.uid in kept:
            continue
        if h.item is not None:
            pool = [where[h.item]] if h.item in where else []
        elif h.isbn:
            pool = [c for t in sorted(by_isbn.get(h.isbn, ())) for c in copies.get(t, ())]
        else:
            pool = copies.get(h.title_uid, [])
        tried = set(h.tried)
        best: Copy | None = None
        best_key: tuple[int, str] | None = None
        for c in pool:
            if c.barcode in taken or c.barcode in tried:
                continue
            key = (rules.transport_cost(c.location, h.pickup_point), c.barcode)
            if best_key is None or key < best_key:
                best, best_key = c, key
        if best is None:
            continue
        taken.add(best.barcode)
        h.target_item, h.target_point, h.targeted_at = best.barcode, best.location, now
        h.changed = True


def _write_back(s: Session, now: datetime, waiting: list[_Waiting]) -> set[str]:
    """One executemany for every changed hold; the session's loaded holds forget them."""
    rows: list[dict[str, Any]] = [
        {
            "b_uid": h.uid, "status": h.status,
            "reason": "lapsed" if h.status == "lapsed" else None,
            "ended_at": now if h.status == "lapsed" else None,
            "target_item": h.target_item, "target_point": h.target_point,
            "targeted_at": h.targeted_at, "tried": h.tried,
        }
        for h in waiting
        if h.changed
    ]  # fmt: skip
    if not rows:
        return set()
    stmt = (
        update(HubHold)
        .where(HubHold.uid == bindparam("b_uid"))
        .values({k: bindparam(k) for k in rows[0] if k != "b_uid"})
    )
    s.connection().execute(stmt, rows)
    changed: set[str] = {r["b_uid"] for r in rows}
    for obj in list(s.identity_map.values()):
        if isinstance(obj, HubHold) and obj.uid in changed:
            s.expire(obj)
    return changed


def add_exception(
    s: Session, now: datetime, key: str, kind: str, points: list[str], ctx: dict[str, Any]
) -> None:
    """The sweep's own exceptions (the push records through its batch instead)."""
    if s.scalar(select(HubException.uid).where(HubException.key == key)) is not None:
        return
    s.add(
        HubException(
            uid=str(uuid.uuid4()),
            key=key,
            kind=kind,
            points=sorted({p for p in points if p}),
            status="open",
            context=ctx,
            created_at=now,
        )
    )


# --- feed rows ---------------------------------------------------------------------------------
def hold_row(h: HubHold, title: str) -> HoldRow:
    return HoldRow(
        uid=h.uid,
        card_no=h.card_no,
        reader_type=h.reader_type,
        title_uid=h.title_uid,
        title=title[:500],
        isbn=h.isbn,
        item=h.item,
        placed_point=h.placed_point,
        pickup_point=h.pickup_point,
        status=h.status,
        reason=h.reason,
        priority=h.priority,
        placed_at=h.placed_at,
        lapse_on=h.lapse_on,
        suspended_until=h.suspended_until,
        target_item=h.target_item,
        target_point=h.target_point,
        targeted_at=h.targeted_at,
        captured_item=h.captured_item,
        captured_point=h.captured_point,
        shelf_expires_on=h.shelf_expires_on,
        ended_at=h.ended_at,
    )


def hold_rows(
    s: Session, uids: list[str]
) -> list[tuple[str, set[str | None], Callable[[], HoldRow]]]:
    """(uid, scopes, row builder) for each hold in ``uids``."""
    holds: list[HubHold] = []
    for clause in where_in(s, HubHold.uid, uids):
        holds.extend(s.scalars(select(HubHold).where(clause)))
    if not holds:
        return []
    titles: dict[str, str] = {}
    tuids = sorted({h.title_uid for h in holds})
    for clause in where_in(s, HubTitle.uid, tuids):
        for uid, data in s.execute(select(HubTitle.uid, HubTitle.data).where(clause)):
            titles[uid] = str((data or {}).get("title", ""))
    homes: dict[str, str | None] = {}
    for clause in where_in(s, HubReader.card_no, sorted({h.card_no for h in holds})):
        for card, home in s.execute(select(HubReader.card_no, HubReader.home_point).where(clause)):
            homes[card] = home
    waiting = sorted({h.title_uid for h in holds if h.status == "waiting"})
    holders: dict[str, set[str]] = {}
    for clause in where_in(s, HubItem.title_uid, waiting):
        for tuid, owner, loc in s.execute(
            select(HubItem.title_uid, HubItem.owner, HubItem.location).where(clause)
        ):
            if tuid is not None:
                holders.setdefault(tuid, set()).update(p for p in (owner, loc) if p)
    out: list[tuple[str, set[str | None], Callable[[], HoldRow]]] = []
    for h in holds:
        scopes: set[str | None] = {
            h.placed_point,
            h.pickup_point,
            h.target_point,
            h.captured_point,
            homes.get(h.card_no),
        }
        if h.status == "waiting":
            scopes |= holders.get(h.title_uid, set())
        out.append((h.uid, scopes, partial(hold_row, h, titles.get(h.title_uid, ""))))
    return out


def ready_changes(s: Session, uids: Iterable[str]) -> set[str]:
    """Readers of these holds whose set of pickup points with a copy waiting on the hold shelf
    changed (shelved, filled, expired, cancelled, lent to another...): ``hub_reader.holds_ready``
    takes the new set and the caller re-emits their index rows, so every point tells the reader
    at card scan without receiving the hold itself."""
    # only a hold on a shelf now, or a reader the index said had one, can change the set (the
    # sweep changes thousands of waiting holds and none of these)
    told = cast(HubReader.holds_ready, Text) != "[]"
    cards: set[str] = set()
    for clause in where_in(s, HubHold.uid, sorted(set(uids))):
        cards.update(
            s.scalars(
                select(HubHold.card_no)
                .join(HubReader, HubReader.card_no == HubHold.card_no)
                .where(clause, or_(HubHold.status == "on_shelf", told))
            )
        )
    if not cards:
        return set()
    ready: dict[str, set[str]] = {}
    for clause in where_in(s, HubHold.card_no, sorted(cards)):
        for card, point in s.execute(
            select(HubHold.card_no, HubHold.pickup_point).where(
                clause, HubHold.status == "on_shelf"
            )
        ):
            ready.setdefault(card, set()).add(point)
    changed: set[str] = set()
    for clause in where_in(s, HubReader.card_no, sorted(cards)):
        for r in s.scalars(select(HubReader).where(clause).order_by(HubReader.card_no)):
            now = sorted(ready.get(r.card_no, ()))[:HOLDS_READY_MAX]
            if list(r.holds_ready or []) != now:
                r.holds_ready = now
                changed.add(r.card_no)
    if changed:
        s.flush()
    return changed


# --- touched by a push ------------------------------------------------------------------------
def waiting_titles_of(s: Session, barcodes: Iterable[str]) -> set[str]:
    """Titles with a waiting hold among the titles of these copies (a push that moved them
    may have freed a copy for the queue, or taken the one a hold was aimed at)."""
    out: set[str] = set()
    for clause in where_in(s, HubItem.barcode, sorted(set(barcodes))):
        out.update(
            s.scalars(
                select(HubHold.title_uid)
                .join(HubItem, HubItem.title_uid == HubHold.title_uid)
                .where(clause, HubHold.status == "waiting")
                .distinct()
            )
        )
    return out


def holds_concern(s: Session, barcodes: Iterable[str]) -> bool:
    """Whether any hold waits for one of these copies' titles or has one set aside: only then
    does a push that moved them re-aim holds. Holds are placed and ended only by writes that run
    alone; under a concurrent push only another push's re-aiming changes them, and it re-aims
    what it changed itself (the sweep catches anything left)."""
    stmt = _concern(is_pg(s))
    return any(s.scalar(stmt, {"keys": chunk}) for (chunk,) in key_chunks(s, barcodes))


@cache
def _concern(pg: bool) -> Any:
    """Whether a hold waits for the title of, or has set aside, a copy bound as ``keys``."""
    waiting = (
        select(HubHold.uid)
        .join(HubItem, HubItem.title_uid == HubHold.title_uid)
        .where(in_keys(HubItem.barcode, "keys", pg), HubHold.status == "waiting")
    )
    kept = select(HubHold.uid).where(
        in_keys(HubHold.captured_item, "keys", pg), HubHold.status.in_(("captured", "on_shelf"))
    )
    return select(or_(waiting.exists(), kept.exists()))


def release_lent(s: Session, barcodes: Iterable[str], now: datetime) -> set[str]:
    """A copy set aside for a hold and lent to someone else (a librarian's override): the hold
    waits again for another copy."""
    changed: set[str] = set()
    for clause in where_in(s, HubHold.captured_item, sorted(set(barcodes))):
        for h in s.scalars(
            select(HubHold)
            .join(HubItem, HubItem.barcode == HubHold.captured_item)
            .where(
                clause, HubHold.status.in_(("captured", "on_shelf")), HubItem.status == "on_loan"
            )
        ):
            h.status, h.captured_item, h.captured_point = "waiting", None, None
            h.shelf_expires_on = h.captured_at = None
            changed.add(h.uid)
    return changed


def travelling_for_holds(s: Session, barcodes: Iterable[str], sh: HubShipment) -> set[str]:
    """Copies among ``barcodes`` that box ``sh`` brings for a hold to collect at its
    destination: a box bringing them there does not make them that point's (they visit; the
    check-in after the reader's loan routes them home). So too a copy whose hold ended while
    it travelled (the desk sends it on to the next hold or home, ``services.holds.after_trip``):
    the last hold that captured it is one to collect there, set aside by the box's sender,
    ended before it was shelved, and the destination has not taken the copy in since."""
    codes = sorted(set(barcodes))
    out: set[str] = set()
    last: dict[str, HubHold] = {}
    for clause in where_in(s, HubHold.captured_item, codes):
        for h in s.scalars(select(HubHold).where(clause).order_by(HubHold.placed_at)):
            bc = h.captured_item or ""
            if h.status in ("captured", "on_shelf") and h.pickup_point == sh.to_point:
                out.add(bc)
            last[bc] = h  # the latest hold to capture it wins (placing order)
    for bc, h in last.items():
        if (
            bc in out
            or h.status not in HOLD_ENDED
            or h.ended_at is None
            or h.shelf_expires_on is not None
            or h.pickup_point != sh.to_point
            or h.captured_point != sh.from_point
        ):
            continue
        since = s.scalar(
            select(HubShipmentItem.barcode)
            .join(HubShipment, HubShipment.uid == HubShipmentItem.shipment_uid)
            .where(
                HubShipmentItem.barcode == bc,
                HubShipment.to_point == sh.to_point,
                HubShipment.uid != sh.uid,
                HubShipment.status == "received",
                HubShipmentItem.outcome.in_(("received", "extra")),
                HubShipment.received_at >= h.ended_at,
            )
            .limit(1)
        )
        if since is None:
            out.add(bc)
    return out


# --- numbers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class HoldCounts:
    """Holds per point (the pickup point) for a period: placed, filled, lapsed, expired, and
    the median days from placing to filling."""

    point: str
    placed: int
    filled: int
    lapsed: int
    expired: int
    median_days_to_fill: float | None


def counts(s: Session, start: datetime, end: datetime) -> list[HoldCounts]:
    """Per point and (as point ``*``) for the district."""
    rows = s.execute(
        select(HubHold.pickup_point, HubHold.status, HubHold.placed_at, HubHold.ended_at).where(
            or_(HubHold.placed_at.between(start, end), HubHold.ended_at.between(start, end))
        )
    ).all()
    per: dict[str, dict[str, Any]] = {}
    for point, status, placed, ended in rows:
        for key in (point, "*"):
            c = per.setdefault(key, {"placed": 0, "filled": 0, "lapsed": 0, "expired": 0, "d": []})
            if start <= placed <= end:
                c["placed"] += 1
            if ended is not None and start <= ended <= end and status in c:
                c[status] += 1
                if status == "filled":
                    c["d"].append((ended - placed).total_seconds() / 86400)
    out = []
    for point in sorted(per):
        c = per[point]
        out.append(
            HoldCounts(point, c["placed"], c["filled"], c["lapsed"], c["expired"], _median(c["d"]))
        )
    return out


def _median(xs: list[float]) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    n = len(xs)
    mid = xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
    return round(mid, 1)
