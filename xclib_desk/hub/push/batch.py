"""One device's batch of events, applied in the caller's (locked) transaction.

Every event ends in the ledger with the answer given, which makes a re-sent batch harmless:
an event id already there is answered ``duplicate`` (with its first answer), a sequence number
the device already used ``rejected(seq_reused)``. A bad event is rejected alone and never
blocks the rest.

Fast path: the whole batch in one savepoint, with the rows it touches loaded up front (a few
queries, not a few per event). Business rejections are raised before an event changes
anything, so they need no savepoint. Only if an event fails unexpectedly is the batch rolled
back to that savepoint and replayed with one savepoint per event, so the failing event alone
ends up ``rejected(hub_error)``. The handler of each type is looked up in ``registry.HANDLERS``.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...common.times import as_utc
from ...protocol.events import PAYLOADS
from ...protocol.types import could_be_key
from ...protocol.wire import MAX_CLOCK_DRIFT_MS, EventEnvelope, EventResult, ResultStatus
from .. import catalogue
from ..bulk import insert_rows, where_in
from ..models import HubEvent, HubException, HubItem, HubLoan, HubReader
from . import authority
from .context import BatchContext, Rejected
from .exceptions import recorded_payload
from .registry import HANDLERS, NO_VERSION_CHECK

log = logging.getLogger(__name__)
#: marks a desk may put on an event that the ledger keeps in ``flags`` (see wire.EventEnvelope)
KEPT_MARKS = frozenset({"outside_hours"})


def highest_seq(s: Session, device_id: str) -> int:
    """The highest sequence number the ledger holds for a device (0 when none)."""
    return int(s.scalar(select(func.max(HubEvent.seq)).where(HubEvent.device_id == device_id)) or 0)


def run_batch(
    ctx: BatchContext, events: list[EventEnvelope], clock_offset_ms: float | None
) -> list[EventResult]:
    """Answer every event of the batch, in request order; write the ledger rows."""
    s = ctx.s
    # the ledger's answers only (not the payloads): a re-sent batch is answered from these
    known: dict[str, tuple[Any, str | None, list[str]]] = {}
    for clause in where_in(s, HubEvent.event_id, (e.event_id for e in events)):
        for eid, st, code, fl in s.execute(
            select(HubEvent.event_id, HubEvent.status, HubEvent.code, HubEvent.flags).where(clause)
        ):
            known[eid] = (st, code, fl)
    taken: set[int] = set()
    for clause in where_in(s, HubEvent.seq, (e.seq for e in events)):
        taken.update(
            s.scalars(
                select(HubEvent.seq).where(HubEvent.device_id == ctx.device.device_id, clause)
            )
        )
    results: dict[str, EventResult] = {}
    todo: list[EventEnvelope] = []
    # hybrid-clock order: the device's own order, and a stable order for replays
    for e in sorted(events, key=lambda ev: (ev.hlc, ev.seq)):
        if e.event_id in results:
            continue
        old = known.get(e.event_id)
        if old is not None:
            results[e.event_id] = EventResult(
                event_id=e.event_id,
                seq=e.seq,
                status="duplicate",
                code=old[1],
                flags=list(old[2]),
                original_status=old[0],
            )
        elif e.seq in taken:
            results[e.event_id] = EventResult(
                event_id=e.event_id, seq=e.seq, status="rejected", code="seq_reused"
            )
        else:
            taken.add(e.seq)
            todo.append(e)
            results[e.event_id] = EventResult(event_id=e.event_id, seq=e.seq, status="applied")
    try:
        with s.begin_nested():
            _prefetch(ctx, todo)
            for e in todo:
                results[e.event_id] = _one(ctx, e, clock_offset_ms, todo, careful=False)
    except Exception:
        log.warning("batch of %s failed; replaying event by event", ctx.device.device_id)
        s.expire_all()
        ctx.ledger.clear()
        _prefetch(ctx, todo)
        for e in todo:
            results[e.event_id] = _one(ctx, e, clock_offset_ms, todo, careful=True)
    insert_rows(s, HubEvent.__table__, ctx.ledger)
    if ctx.reindex:
        s.flush()
        catalogue.reindex(s, ctx.reindex)
    return [results[e.event_id] for e in events]


def _prefetch(ctx: BatchContext, events: list[EventEnvelope]) -> None:
    """Load every item, reader and loan the batch names, and the items' open loans."""
    s = ctx.s
    bcs, cards, uids = set(), set(), set()
    for e in events:
        p = e.payload
        for k in ("item", "barcode"):
            if could_be_key(p.get(k)):
                bcs.add(p[k])
        if could_be_key(p.get("card_no")):
            cards.add(p["card_no"])
        if could_be_key(p.get("loan_uid")):
            uids.add(p["loan_uid"])
    ctx.items = dict.fromkeys(bcs)
    ctx.readers = dict.fromkeys(cards)
    ctx.loans = dict.fromkeys(uids)
    ctx.open_by_item = {bc: set() for bc in bcs}
    for clause in where_in(s, HubItem.barcode, bcs):
        for it in s.scalars(select(HubItem).where(clause)):
            ctx.items[it.barcode] = it
    for clause in where_in(s, HubLoan.item, bcs):
        for ln in s.scalars(select(HubLoan).where(clause, HubLoan.returned_at.is_(None))):
            ctx.loans[ln.uid] = ln
            ctx.open_by_item[ln.item].add(ln.uid)
    for clause in where_in(s, HubReader.card_no, cards):
        for r in s.scalars(select(HubReader).where(clause)):
            ctx.readers[r.card_no] = r
    for clause in where_in(s, HubLoan.uid, uids):
        for ln in s.scalars(select(HubLoan).where(clause)):
            ctx.loans[ln.uid] = ln


def _one(
    ctx: BatchContext,
    e: EventEnvelope,
    clock_offset_ms: float | None,
    batch: list[EventEnvelope],
    careful: bool,
) -> EventResult:
    flags: list[str] = []
    status: ResultStatus = "applied"
    code: str | None = None
    try:
        if careful:
            with ctx.s.begin_nested():
                flags.extend(_apply(ctx, e))
                flags.extend(_clock_flags(ctx, e, clock_offset_ms))
        else:
            flags.extend(_apply(ctx, e))
            flags.extend(_clock_flags(ctx, e, clock_offset_ms))
    except Rejected as r:
        status, code = "rejected", r.code
    except Exception:
        if not careful:
            raise
        log.exception("event %s (%s) failed", e.event_id, e.type)
        status, code = "rejected", "hub_error"
        ctx.s.expire_all()
        _prefetch(ctx, batch)  # the whole batch: later events need their open loans
    if status == "rejected":
        flags = []
        e = e.model_copy(update={"payload": recorded_payload(e.payload)})  # storable as sent
        ctx.feed.touch_payload(e.payload)
        ctx.exception(
            f"rejected:{e.event_id}",
            "rejected",
            [e.point_code],
            {
                "code": code,
                "event_id": e.event_id,
                "type": e.type,
                "payload": e.payload,
                "staff": e.staff_code,
                "hub_action": "event recorded in the ledger, not applied",
            },
        )
    elif flags:
        status, code = "applied_with_flag", flags[0]
    # the desk's marks (protocol 2) are kept with the event; they are facts, not conflicts
    flags = flags + [m for m in e.marks if m in KEPT_MARKS and m not in flags]
    ctx.ledger.append(
        {
            "event_id": e.event_id,
            "device_id": e.device_id,
            "seq": e.seq,
            "point_code": e.point_code,
            "type": e.type,
            "hlc": e.hlc,
            "wall_time": e.wall_time,
            "staff_code": e.staff_code,
            "standards_version": e.standards_version,
            "payload": e.payload,
            "received_at": ctx.now,
            "status": status,
            "code": code,
            "flags": flags,
        }
    )
    return EventResult(event_id=e.event_id, seq=e.seq, status=status, code=code, flags=flags)


def _apply(ctx: BatchContext, e: EventEnvelope) -> list[str]:
    """Validate the payload against the protocol, then run the type's handler."""
    model = PAYLOADS.get(e.type)
    if model is None or e.type not in HANDLERS:
        raise Rejected("unknown_type")
    try:
        p = model.model_validate(e.payload)
    except ValidationError:
        raise Rejected("bad_payload") from None
    authority.check(ctx, e, p)  # may the sender say this (hub/push/authority.py)
    flags: list[str] = []
    if e.type not in NO_VERSION_CHECK and ctx.policy(e.standards_version) is None:
        flags.append("unknown_standards_version")
    handler = HANDLERS[e.type]
    if handler is not None:
        flags.extend(handler(ctx, e, p))
    return flags


def _clock_flags(ctx: BatchContext, e: EventEnvelope, offset_ms: float | None) -> list[str]:
    flags = []
    wall = as_utc(e.wall_time)
    ahead_ms = (wall - ctx.now).total_seconds() * 1000
    if ahead_ms > MAX_CLOCK_DRIFT_MS:
        flags.append("clock_ahead")
    elif offset_ms is not None and abs(offset_ms) > MAX_CLOCK_DRIFT_MS:
        flags.append("clock_drift")
    if flags:
        # one open exception per device and kind, however many events carry the bad time
        open_one = ctx.s.scalars(
            select(HubException).where(
                HubException.kind == flags[0],
                HubException.status == "open",
                HubException.key.like(f"{flags[0]}:{e.device_id}:%"),
            )
        ).first()
        if open_one is None:
            ctx.exception(
                f"{flags[0]}:{e.device_id}:{e.event_id}",
                flags[0],
                [e.point_code],
                {
                    "device_id": e.device_id,
                    "first_event": e.event_id,
                    "event_wall_time": wall.isoformat(),
                    "hub_time": ctx.now.isoformat(),
                    "ahead_ms": round(ahead_ms),
                    "measured_offset_ms": offset_ms,
                    "hub_action": "events applied and flagged; check the desk clock",
                },
            )
    return flags
