"""What the Sync page shows and the one decision it makes: the outbox and the exception queue.

Read-only views of events waiting, deliveries the hub refused (with the reason it gave), and
exceptions the hub raised (with the context it sent). Resolving an exception is a desk fact like
any other: the row changes, and an ``exception.resolved`` event and an audit entry are written in
the same transaction, so the decision reaches the hub through the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import DeskError, Text, one_of
from ..input_checks import clean_text
from ..models import Hold, OutboxDelivery, OutboxEvent, Point, SyncException
from ..models.records import undelivered
from ..protocol.events import ExceptionResolved
from .context import Ctx, record
from .holds import card_tail

RESOLUTIONS = ("accept", "correct", "escalate")


@dataclass(frozen=True)
class OutboxView:
    seq: int
    type: str
    wall_time: datetime
    staff_code: str
    target: str
    status: str  # pending | applied | flagged | duplicate | rejected
    result_code: str | None


#: context keys of the hold conflicts (``hub/push/holds.py``) that name a hold by its uid
HOLD_KEYS = ("hold", "kept_for", "first_hold")


@dataclass(frozen=True)
class HoldNote:
    """A hold an exception names, as staff know it: its title, the reader's card tail and where
    it is to be collected (this desk's own record of the hold; a hold it never saw has none)."""

    title: str
    card_tail: str
    pickup: str


@dataclass(frozen=True)
class ExceptionView:
    uid: str
    kind: str
    status: str
    context: dict[str, Any]
    created_at: datetime
    resolved_at: datetime | None
    resolution: str | None
    resolution_note: str | None
    #: the holds its context names (``HOLD_KEYS``), by uid, where this desk knows them
    holds: dict[str, HoldNote] = field(default_factory=dict)


def _target(payload: dict[str, Any]) -> str:
    for key in ("item", "card_no", "barcode", "code", "uid"):
        if payload.get(key):
            return str(payload[key])
    return ""


def _outbox_view(e: OutboxEvent, d: OutboxDelivery | None) -> OutboxView:
    return OutboxView(
        seq=e.seq,
        type=e.type,
        wall_time=e.wall_time,
        staff_code=e.staff_code,
        target=_target(e.payload),
        status=d.status if d else "pending",
        result_code=d.result_code if d else None,
    )


def pending(s: Session, ctx: Ctx, limit: int = 200) -> list[OutboxView]:
    """Events not yet acknowledged by the hub, oldest first (the order they will be sent)."""
    rows = s.scalars(undelivered(OutboxEvent).order_by(OutboxEvent.seq).limit(limit)).all()
    return [_outbox_view(e, None) for e in rows]


def failed(s: Session, ctx: Ctx, limit: int = 200) -> list[OutboxView]:
    """Events the hub rejected, newest first, with the reason code it returned."""
    rows = s.execute(
        select(OutboxEvent, OutboxDelivery)
        .join(OutboxDelivery, OutboxDelivery.seq == OutboxEvent.seq)
        .where(OutboxDelivery.status == "rejected")
        .order_by(OutboxEvent.seq.desc())
        .limit(limit)
    ).all()
    return [_outbox_view(e, d) for e, d in rows]


def _named_holds(x: SyncException) -> set[str]:
    return {str(v) for k, v in (x.context or {}).items() if k in HOLD_KEYS and v}


def _exception_view(x: SyncException, notes: dict[str, HoldNote]) -> ExceptionView:
    return ExceptionView(
        uid=x.uid,
        kind=x.kind,
        status=x.status,
        context=dict(x.context or {}),
        created_at=x.created_at,
        resolved_at=x.resolved_at,
        resolution=x.resolution,
        resolution_note=x.resolution_note,
        holds={uid: notes[uid] for uid in sorted(_named_holds(x)) if uid in notes},
    )


def _hold_notes(s: Session, rows: list[SyncException]) -> dict[str, HoldNote]:
    uids = set().union(*map(_named_holds, rows))
    if not uids:
        return {}
    found = s.execute(
        select(Hold.uid, Hold.title, Hold.card_no, func.coalesce(Point.name, Hold.pickup_point))
        .outerjoin(Point, Point.code == Hold.pickup_point)
        .where(Hold.uid.in_(sorted(uids)))
    ).all()
    return {uid: HoldNote(title, card_tail(card), pickup) for uid, title, card, pickup in found}


def exceptions(
    s: Session, ctx: Ctx, include_resolved: bool = False, limit: int = 500
) -> list[ExceptionView]:
    stmt = select(SyncException).order_by(SyncException.created_at.desc()).limit(limit)
    if not include_resolved:
        stmt = stmt.where(SyncException.status == "open")
    rows = list(s.scalars(stmt))
    notes = _hold_notes(s, rows)
    return [_exception_view(x, notes) for x in rows]


def oldest_pending(s: Session, ctx: Ctx) -> datetime | None:
    """Wall time of the oldest event still waiting for the hub (None: nothing waits)."""
    oldest: datetime | None = s.scalar(undelivered(func.min(OutboxEvent.wall_time)))
    return oldest


def counts(s: Session, ctx: Ctx) -> dict[str, int]:
    """The backlog in numbers; cheap enough for a status bar (no table-wide counts)."""

    def n(stmt: Any) -> int:
        return int(s.scalar(stmt) or 0)

    waiting = undelivered(OutboxEvent.seq).subquery()
    return {
        "pending": n(select(func.count()).select_from(waiting)),
        "failed": n(
            select(func.count())
            .select_from(OutboxDelivery)
            .where(OutboxDelivery.status == "rejected")
        ),
        "open_exceptions": n(
            select(func.count()).select_from(SyncException).where(SyncException.status == "open")
        ),
    }


def resolve(s: Session, ctx: Ctx, uid: str, resolution: str, note: str = "") -> ExceptionView:
    """Staff's decision on one exception; resolving twice is refused, never applied twice."""
    if resolution not in RESOLUTIONS:
        raise DeskError("bad_input", detail=one_of("resolution", RESOLUTIONS), field="resolution")
    clean_note = clean_text(note, field="note", max_len=500, required=False) or ""
    if resolution != "accept" and not clean_note:
        detail = Text("更正或上报须填写说明", "a correction or a report needs a note")
        raise DeskError("bad_input", detail=detail, field="note")
    x = s.scalars(select(SyncException).where(SyncException.uid == uid)).one_or_none()
    if x is None:
        raise DeskError(
            "bad_input", detail=Text(f"没有这个异常：{uid[:40]}", f"no exception {uid[:40]}")
        )
    if x.status != "open":
        raise DeskError(
            "bad_input", detail=Text("该异常已处理", "the exception is already resolved")
        )
    x.status, x.resolution, x.resolution_note = "resolved", resolution, clean_note or None
    x.resolved_at = ctx.now()
    record(
        s,
        ctx,
        "exception.resolved",
        ExceptionResolved(
            uid=x.uid,
            resolution=cast(Literal["accept", "correct", "escalate"], resolution),
            note=clean_note,
        ),
        target=x.uid,
        detail=f"{x.kind}: {resolution}",
    )
    return _exception_view(x, _hold_notes(s, [x]))
