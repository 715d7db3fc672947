"""One device's batch of events, applied in the caller's (locked) transaction.

Every event ends in the ledger with the answer given, which makes a re-sent batch harmless:
an event id already there is answered ``duplicate`` (with its first answer). A sequence number
the device already used for another event is answered ``rejected(seq_reused)`` and recorded
apart (``hub_reused_seq``, one ``seq_reused`` exception per device), so the event's own id stays
free for the desk to send again renumbered. A bad event is rejected alone and never blocks the
rest.

Clocks are checked before any merge: an event whose HLC is more than ``MAX_CLOCK_DRIFT_MS``
ahead of hub time is flagged ``clock_ahead`` and its HLC clamped to the hub's time (after
anything the device sent before), so no forged far-future clock wins a merge; the ledger keeps
the clock it carried in ``sent_hlc``.

Fast path: the whole batch in one savepoint, with the rows it touches loaded up front (a few
queries, not a few per event), its ledger rows inserted in one statement inside it. Business
rejections are raised before an event changes anything, so they need no savepoint. Only if
something fails unexpectedly is the batch rolled back to that savepoint and replayed with one
savepoint per event holding its changes and its ledger row, so the failing event alone ends up
``rejected(hub_error)``. The handler of each type is looked up in ``registry.HANDLERS``.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, and_, bindparam, func, inspect, or_, select
from sqlalchemy.orm import Session

from ...clock import HLC, to_ms
from ...common.times import as_utc
from ...protocol.events import PAYLOADS
from ...protocol.types import could_be_key
from ...protocol.wire import MAX_CLOCK_DRIFT_MS, EventEnvelope, EventResult, ResultStatus
from .. import catalogue
from ..bulk import in_keys, insert_rows, is_pg, key_chunks
from ..models import (
    HubBase,
    HubEvent,
    HubException,
    HubFee,
    HubHold,
    HubReusedSeq,
    HubTitle,
    HubTransfer,
)
from . import authority
from .context import BatchContext, Rejected, storable
from .exceptions import recorded_payload
from .records import ItemRecord, LoanRecord, ReaderRecord
from .registry import HANDLERS, NO_VERSION_CHECK

log = logging.getLogger(__name__)
#: event types whose handlers read and change only the rows of the keys their payload names
#: (:data:`KEY_FIELDS`), the device's ledger and exceptions keyed by those: a batch of these
#: alone runs beside other such pushes (``feed.lock_keys``). Any other type (and any type a
#: new handler adds) makes its batch run alone, as every hub write did before.
CONCURRENT_TYPES = frozenset(
    {
        "title.added",
        "item.added",
        "loan.checked_out",
        "loan.checked_in",
        "loan.renewed",
        "reader.registered",
        "reader.updated",
        "reader.blocked",
        "reader.unblocked",
        "reader.card_renewed",
    }
)
#: payload fields naming the rows a concurrent batch locks, with the key's prefix
KEY_FIELDS = {
    "item": "item",
    "barcode": "item",
    "card_no": "reader",
    "loan_uid": "loan",
    "transfer_uid": "transfer",
    # a new copy's title: its union-catalogue text is recomputed from all its copies
    "title_uid": "title",
}
#: types whose payload's ``uid`` is the key of a row of this kind
UID_KEYS = {"title.added": "title"}
#: marks a desk may put on an event that the ledger keeps in ``flags`` (see wire.EventEnvelope)
KEPT_MARKS = frozenset({"outside_hours"})


def highest_seq(s: Session, device_id: str) -> int:
    """The highest sequence number in the ledger for this device (0 when none): a desk
    restored from a backup numbers its next events above it."""
    top = s.scalar(select(func.max(HubEvent.seq)).where(HubEvent.device_id == device_id))
    return int(top or 0)


def concurrent_keys(device_id: str, events: list[EventEnvelope]) -> list[str] | None:
    """The keys a batch of :data:`CONCURRENT_TYPES` alone must lock (the device's, for its
    ledger, sequence numbers and exceptions; every key its payloads name), or None when the
    batch must run alone."""
    if any(e.type not in CONCURRENT_TYPES for e in events):
        return None
    keys = {f"device:{device_id}"}
    for e in events:
        for name, prefix in KEY_FIELDS.items():
            v = e.payload.get(name)
            if isinstance(v, str):
                keys.add(f"{prefix}:{v}")
        uid = e.payload.get("uid")
        if e.type in UID_KEYS and isinstance(uid, str):
            keys.add(f"{UID_KEYS[e.type]}:{uid}")
    return sorted(keys)


def run_batch(
    ctx: BatchContext, events: list[EventEnvelope], clock_offset_ms: float | None
) -> list[EventResult]:
    """Answer every event of the batch, in request order; write the ledger rows."""
    s = ctx.s
    # the ledger's answers only (not the payloads): a re-sent batch is answered from these
    known: dict[str, tuple[Any, str | None, list[str]]] = {}
    holder: dict[int, str] = {}  # seq -> the event id holding it
    ids = {e.event_id for e in events}
    seqs = {e.seq for e in events}
    device_id = ctx.device.device_id
    # one query for both: the events already in the ledger, and who holds these numbers
    answers = _ledger_answers(is_pg(s))
    for id_chunk, seq_chunk in key_chunks(s, ids, seqs):
        asked = {"ids": id_chunk, "seqs": seq_chunk, "device": device_id}
        for eid, seq, dev, st, code, fl in s.execute(answers, asked):
            if eid in ids:
                known[eid] = (st, code, fl)
            if dev == device_id and seq in seqs:
                holder[seq] = eid
    results: dict[str, EventResult] = {}
    todo: list[EventEnvelope] = []
    reused: list[tuple[EventEnvelope, str]] = []
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
        elif e.seq in holder:
            results[e.event_id] = EventResult(
                event_id=e.event_id, seq=e.seq, status="rejected", code="seq_reused"
            )
            reused.append((e, holder[e.seq]))
        else:
            holder[e.seq] = e.event_id
            todo.append(e)
            results[e.event_id] = EventResult(event_id=e.event_id, seq=e.seq, status="applied")
    todo = _clamp_clocks(ctx, todo)
    try:
        with s.begin_nested():
            _prefetch(ctx, todo)
            for e in todo:
                results[e.event_id] = _one(ctx, e, clock_offset_ms, todo, careful=False)
            ctx.records.write()
            insert_rows(s, HubEvent.__table__, ctx.ledger)
            if ctx.reindex:
                s.flush()
                catalogue.reindex(s, ctx.reindex)
    except Exception:
        log.warning("batch of %s failed; replaying event by event", ctx.device.device_id)
        s.expunge_all()  # what the savepoint wrote is gone: the replay loads it again
        ctx.ledger.clear()
        ctx.reindex.clear()
        _prefetch(ctx, todo)
        for e in todo:
            results[e.event_id] = _one(ctx, e, clock_offset_ms, todo, careful=True)
    _record_reused(ctx, reused)
    return [results[e.event_id] for e in events]


def _clamp_clocks(ctx: BatchContext, events: list[EventEnvelope]) -> list[EventEnvelope]:
    """``events`` (in the device's clock order) with every HLC more than ``MAX_CLOCK_DRIFT_MS``
    ahead of hub time clamped to hub time, or just after the last clock the device used if
    that is later: the device's own order is kept, and an honest edit made after the forged
    one arrived wins. The clock it carried is kept in ``ctx.sent_hlc`` (the ledger's
    ``sent_hlc``)."""
    now_ms = to_ms(as_utc(ctx.now))
    # (the protocol's HLC starts with 13 digits of physical time)
    if all(int(e.hlc[:13]) <= now_ms + MAX_CLOCK_DRIFT_MS for e in events):
        return events
    last = HLC.decode(
        ctx.s.scalars(
            select(HubEvent.hlc)
            .where(HubEvent.device_id == ctx.device.device_id)
            .order_by(HubEvent.seq.desc())
            .limit(1)
        ).first()
        or "0000000000000-00000-"
    )
    out = []
    for e in events:
        sent = HLC.decode(e.hlc)
        if sent.physical > now_ms + MAX_CLOCK_DRIFT_MS:
            at = HLC(now_ms, 0, sent.node)
            if (at.physical, at.counter) <= (last.physical, last.counter):
                at = HLC(last.physical, last.counter + 1, sent.node)
                if at.counter > 99_999:  # the encoding's five digits
                    at = HLC(last.physical + 1, 0, sent.node)
            ctx.sent_hlc[e.event_id] = e.hlc
            e = e.model_copy(update={"hlc": at.encode()})
            sent = at
        last = max(last, sent)
        out.append(e)
    return out


def _record_reused(ctx: BatchContext, reused: list[tuple[EventEnvelope, str]]) -> None:
    """A reused sequence number is a fact for the hall, never silence: a row per event and
    number, and one open exception per device telling staff what to do."""
    for e, holder_id in reused:
        if ctx.s.get(HubReusedSeq, (e.event_id, e.seq)) is None:
            ctx.s.add(
                HubReusedSeq(
                    event_id=e.event_id,
                    seq=e.seq,
                    device_id=e.device_id,
                    point_code=e.point_code,
                    type=e.type,
                    hlc=e.hlc,
                    wall_time=e.wall_time,
                    staff_code=e.staff_code,
                    holder_event_id=holder_id,
                    received_at=ctx.now,
                )
            )
        _device_exception(
            ctx,
            e,
            "seq_reused",
            {
                "device_id": e.device_id,
                "point": e.point_code,
                "first_event": e.event_id,
                "type": e.type,
                "seq": e.seq,
                "seq_held_by": holder_id,
                "highest_seq": highest_seq(ctx.s, e.device_id),
                "hub_action": (
                    "event recorded, not applied: the desk numbered it with a sequence number "
                    "it had already used (restored from an old backup?). The desk must resync "
                    "and renumber its pending events above highest_seq; they are applied then"
                ),
            },
        )


def _device_exception(
    ctx: BatchContext, e: EventEnvelope, kind: str, context: dict[str, Any]
) -> None:
    """One open exception per device and kind, however many events show the problem."""
    open_one = ctx.s.scalars(
        select(HubException).where(
            HubException.kind == kind,
            HubException.status == "open",
            HubException.key.like(f"{kind}:{e.device_id}:%"),
        )
    ).first()
    if open_one is None:
        ctx.exception(f"{kind}:{e.device_id}:{e.event_id}", kind, [e.point_code], context)


def _prefetch(ctx: BatchContext, events: list[EventEnvelope]) -> None:
    """Load every item, reader and loan the batch names, and the items' open loans."""
    s = ctx.s
    bcs, cards, uids = set(), set(), set()
    named: dict[type[HubBase], set[Any]] = {model: set() for model in NAMED_ROWS}
    for e in events:
        p = e.payload
        for model, where in NAMED_ROWS.items():
            for type_, name in where:
                if e.type == type_ and could_be_key(p.get(name)):
                    named[model].add(p[name])
        for k in ("item", "barcode"):
            if could_be_key(p.get(k)):
                bcs.add(p[k])
        if could_be_key(p.get("card_no")):
            cards.add(p["card_no"])
        if could_be_key(p.get("loan_uid")):
            uids.add(p["loan_uid"])
    ctx.records.reset()  # a replay starts from what is written
    ctx.items = dict.fromkeys(bcs)
    ctx.readers = dict.fromkeys(cards)
    ctx.loans = dict.fromkeys(uids)
    ctx.open_by_item = {bc: set() for bc in bcs}
    for it in ctx.records.read(ItemRecord, "barcode", bcs):
        ctx.items[it.barcode] = it
    # one query for the copies' open loans and the loans the events name
    both = [{"items": i, "uids": u} for i, u in key_chunks(s, bcs, uids)]
    for ln in ctx.records.run(LoanRecord, _open_or_named(is_pg(s)), both):
        ln = ctx.keep_loan(ln)
        if ln.returned_at is None and ln.item in bcs:
            ctx.open_by_item[ln.item].add(ln.uid)
    for r in ctx.records.read(ReaderRecord, "card_no", cards):
        ctx.readers[r.card_no] = r
    ctx.named = {}
    for model, keys in named.items():
        if keys:
            found = ctx.named[model] = dict.fromkeys(keys)
            for (chunk,) in key_chunks(s, keys):
                for row in s.scalars(_named_rows(model, is_pg(s)), {"keys": chunk}):
                    (key,) = inspect(model).primary_key_from_instance(row)
                    found[key] = row


#: the rows other than copies, readers and loans that events name, looked up for the whole
#: batch before its events (``BatchContext.row``): model -> (event type, payload field)
NAMED_ROWS: dict[type[HubBase], tuple[tuple[str, str], ...]] = {
    HubTitle: (("title.added", "uid"), ("title.updated", "uid")),
    HubTransfer: (
        ("loan.checked_in", "transfer_uid"),
        ("transfer.created", "uid"),
        ("hold.captured", "transfer_uid"),
        ("hold.expired", "transfer_uid"),
    ),
    HubFee: (("loan.checked_in", "loan_uid"), ("loan.closed_lost", "loan_uid")),
    # (the hold events' authority rules and handlers find them in the session)
    HubHold: (
        *((type_, "uid") for type_ in HANDLERS if type_.startswith("hold.")),
        ("hold.expired", "next_uid"),
    ),
}


@cache
def _named_rows(model: type[HubBase], pg: bool) -> Select[Any]:
    """The rows of ``model`` whose primary key is one bound as ``keys``."""
    (key,) = inspect(model).primary_key
    return select(model).where(in_keys(key, "keys", pg))


@cache
def _open_or_named(pg: bool) -> Select[Any]:
    """The open loans of the copies bound as ``items`` and the loans bound as ``uids``."""
    t = LoanRecord.TABLE
    open_of_item = and_(in_keys(t.c.item, "items", pg), t.c.returned_at.is_(None))
    return select(t).where(or_(open_of_item, in_keys(t.c.uid, "uids", pg)))


@cache
def _ledger_answers(pg: bool) -> Select[Any]:
    """The ledger's answers to the events bound as ``ids``, and the events holding the
    sequence numbers bound as ``seqs`` for the device bound as ``device``."""
    ev = HubEvent.__table__.c
    held = and_(ev.device_id == bindparam("device"), in_keys(ev.seq, "seqs", pg))
    return select(ev.event_id, ev.seq, ev.device_id, ev.status, ev.code, ev.flags).where(
        or_(in_keys(ev.event_id, "ids", pg), held)
    )


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
    mark = len(ctx.ledger)
    try:
        if careful:
            # the event's changes and its ledger row stand or fall together
            with ctx.s.begin_nested():
                flags.extend(_apply(ctx, e))
                flags.extend(_clock_flags(ctx, e, clock_offset_ms))
                _ledger(ctx, e, "applied_with_flag" if flags else "applied", flags)
                ctx.records.write()
                insert_rows(ctx.s, HubEvent.__table__, ctx.ledger[-1:])
                if ctx.reindex:
                    ctx.s.flush()
                    catalogue.reindex(ctx.s, ctx.reindex)
                    ctx.reindex.clear()
            return _answer(ctx.ledger[-1])
        flags.extend(_apply(ctx, e))
        flags.extend(_clock_flags(ctx, e, clock_offset_ms))
    except Rejected as r:
        status, code = "rejected", r.code
    except Exception:
        if not careful:
            raise
        log.exception("event %s (%s) failed", e.event_id, e.type)
        status, code = "rejected", "hub_error"
        del ctx.ledger[mark:]
        ctx.s.expunge_all()  # as above: load again what the rest of the batch needs
        ctx.reindex.clear()
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
        status = "applied_with_flag"
    row = _ledger(ctx, e, status, flags, code)
    if careful:
        try:
            with ctx.s.begin_nested():
                insert_rows(ctx.s, HubEvent.__table__, [row])
        except Exception:  # its refusal stands, recorded as an exception, without a row
            log.exception("ledger row of event %s failed", e.event_id)
    return _answer(row)


def _ledger(
    ctx: BatchContext,
    e: EventEnvelope,
    status: ResultStatus,
    flags: list[str],
    code: str | None = None,
) -> dict[str, Any]:
    """The event's ledger row, appended to the batch's: the answer given and what the event
    carried, in a form every database stores."""
    if status == "applied_with_flag":
        code = flags[0]
    # the desk's marks (protocol 2) are kept with the event; they are facts, not conflicts
    kept = flags + [m for m in e.marks if m in KEPT_MARKS and m not in flags]
    row = {
        "event_id": e.event_id,
        "device_id": e.device_id,
        "seq": e.seq,
        "point_code": e.point_code,
        "type": e.type,
        "hlc": e.hlc,
        "sent_hlc": ctx.sent_hlc.get(e.event_id),
        "wall_time": e.wall_time,
        "staff_code": e.staff_code,
        "standards_version": e.standards_version,
        "payload": storable(e.payload),
        "received_at": ctx.now,
        "status": status,
        "code": code,
        "flags": kept,  # the hub's own codes and the kept marks
    }
    ctx.ledger.append(row)
    return row


def _answer(row: dict[str, Any]) -> EventResult:
    return EventResult(
        event_id=row["event_id"],
        seq=row["seq"],
        status=row["status"],
        code=row["code"],
        flags=row["flags"],
    )


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
    sent_hlc = ctx.sent_hlc.get(e.event_id)
    if ahead_ms > MAX_CLOCK_DRIFT_MS or sent_hlc is not None:
        flags.append("clock_ahead")
    elif offset_ms is not None and abs(offset_ms) > MAX_CLOCK_DRIFT_MS:
        flags.append("clock_drift")
    if flags:
        context: dict[str, Any] = {
            "device_id": e.device_id,
            "first_event": e.event_id,
            "event_wall_time": wall.isoformat(),
            "hub_time": ctx.now.isoformat(),
            "ahead_ms": round(ahead_ms),
            "measured_offset_ms": offset_ms,
            "hub_action": "events applied and flagged; check the desk clock",
        }
        if sent_hlc is not None:
            context["event_hlc"], context["hub_hlc"] = sent_hlc, e.hlc
            context["hub_action"] = (
                "events applied and flagged, their clocks clamped to hub time; check the desk clock"
            )
        _device_exception(ctx, e, flags[0], context)
    return flags
