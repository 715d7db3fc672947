"""Retention reaches the hub's ledger and its exceptions: old loan events lose their card
numbers, old rejected events their payloads, old exceptions the personal data in their context.

``hub_event`` keeps every event a point pushed, so without this the card numbers of loans long
anonymised (``staffing.anonymise_loans``) would stay in the ledger for ever. A ledger row of
``loan.checked_out`` / ``loan.checked_in`` whose loan was returned before the cutoff gets its
payload's ``card_no`` nulled and ``redacted_at`` stamped; its event id, device and seq stay, so a
re-sent copy is still answered ``duplicate`` and changes nothing. Runs when a point's
``retention.applied`` arrives (that point's rows) and in the hub's own retention run (all rows).

A rejected event changed nothing, so once older than the window its ledger row keeps only its
ids, type and answer (the payload, which may be a whole reader, goes). An exception older than
the window keeps what staff need to know what happened (ids, codes, points, copies, times: the
keys of :data:`KEPT`); every other value goes, and each text it keeps loses any value that went
(the card numbers a ``hub_action`` sentence names). Its feed row is scrubbed in place, like a
loan's, so a point that pulls it later never sees the old context.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .models import HubChange, HubEvent, HubException, HubLoan

LOAN_EVENTS = ("loan.checked_out", "loan.checked_in")
#: fee settlements: their card number goes with the loan history (an open fee is a debt: no
#: settlement event exists for it yet)
FEE_EVENTS = ("fee.paid", "fee.waived")

#: the context keys an exception keeps after retention (at any depth): no reader, card, name,
#: payload, note or reason; a key not listed here (a new kind's) goes too
KEPT = frozenset(
    {
        "code", "event_id", "type", "staff", "staff_code", "hub_action", "item", "shipment",
        "from_point", "to_point", "point", "returned_point", "points", "call_number", "limit",
        "device_id", "first_event", "event_wall_time", "hub_time", "ahead_ms",
        "measured_offset_ms", "resolved_by", "at", "loan", "closed_loan", "open_loan", "uid",
        "material_type", "reader_type", "checked_out_at", "due_date", "returned_at",
        "renewals", "status", "closed_by", "standards_version",
    }
)  # fmt: skip
GONE = "…"


def _leaves(v: Any) -> list[str]:
    if isinstance(v, dict):
        return [x for w in v.values() for x in _leaves(w)]
    if isinstance(v, list):
        return [x for w in v for x in _leaves(w)]
    return [str(v)] if v is not None and not isinstance(v, bool) else []


def scrub_context(context: dict[str, Any]) -> dict[str, Any]:
    """An exception's context without personal data (see the module's docstring)."""
    gone: set[str] = set()

    def keep(v: Any) -> Any:
        if isinstance(v, dict):
            out = {}
            for k, w in v.items():
                if k in KEPT:
                    out[k] = w
                else:
                    gone.update(x for x in _leaves(w) if len(x) >= 4)
            return {k: keep(w) for k, w in out.items()}
        if isinstance(v, list):
            return [keep(w) for w in v]
        return v

    kept = keep(context)

    def mask(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: mask(w) for k, w in v.items()}
        if isinstance(v, list):
            return [mask(w) for w in v]
        if isinstance(v, str):
            for g in sorted(gone, key=len, reverse=True):
                v = v.replace(g, GONE)
        return v

    out: dict[str, Any] = mask(kept)
    out["redacted"] = True
    return out


def redact_exceptions(s: Session, cutoff: datetime, now: datetime, point: str | None = None) -> int:
    """Scrub the contexts of exceptions raised before ``cutoff``, and their feed rows."""
    q = select(HubException).where(
        HubException.redacted_at.is_(None), HubException.created_at < cutoff
    )
    done: dict[str, dict[str, Any]] = {}
    for x in s.scalars(q):
        if point is not None and point not in x.points:
            continue
        x.context, x.redacted_at = scrub_context(x.context), now
        done[x.uid] = x.context
    uids = list(done)
    for i in range(0, len(uids), 500):
        for row in s.scalars(
            select(HubChange).where(
                HubChange.kind == "exception", HubChange.key.in_(uids[i : i + 500])
            )
        ):
            row.data = {**row.data, "context": done[row.key]}
    return len(done)


def redact_rejected(s: Session, cutoff: datetime, now: datetime, point: str | None = None) -> int:
    """Rejected events received before ``cutoff`` keep their ids and answer, not the payload."""
    q = update(HubEvent).where(
        HubEvent.status == "rejected",
        HubEvent.redacted_at.is_(None),
        HubEvent.received_at < cutoff,
    )
    if point is not None:
        q = q.where(HubEvent.point_code == point)
    result = s.execute(
        q.values(payload={}, redacted_at=now), execution_options={"synchronize_session": False}
    )
    return int(getattr(result, "rowcount", 0) or 0)


def redact_ledger(s: Session, cutoff: datetime, now: datetime, point: str | None = None) -> int:
    """Null the card number of ledger rows of loans returned before ``cutoff``; scrub the
    rejected events and the exceptions older than it. The count of rows redacted."""
    done = redact_rejected(s, cutoff, now, point) + redact_exceptions(s, cutoff, now, point)
    return (
        done
        + _redact_loan_events(s, cutoff, now, point)
        + _redact_fee_events(s, cutoff, now, point)
    )


def _redact_fee_events(s: Session, cutoff: datetime, now: datetime, point: str | None) -> int:
    q = select(HubEvent.event_id, HubEvent.payload).where(
        HubEvent.type.in_(FEE_EVENTS),
        HubEvent.redacted_at.is_(None),
        HubEvent.wall_time < cutoff,
    )
    if point is not None:
        q = q.where(HubEvent.point_code == point)
    values = [
        {"event_id": eid, "payload": {**p, "card_no": None}, "redacted_at": now}
        for eid, p in s.execute(q)
        if p.get("card_no") is not None
    ]
    for i in range(0, len(values), 500):
        s.execute(update(HubEvent), values[i : i + 500])
    return len(values)


def _redact_loan_events(s: Session, cutoff: datetime, now: datetime, point: str | None) -> int:
    q = select(HubEvent.event_id, HubEvent.payload).where(
        HubEvent.type.in_(LOAN_EVENTS),
        HubEvent.redacted_at.is_(None),
        HubEvent.wall_time < cutoff,  # a loan returned before the cutoff was told before it
    )
    if point is not None:
        q = q.where(HubEvent.point_code == point)
    rows: list[tuple[str, dict[str, Any]]] = [
        (eid, p) for eid, p in s.execute(q) if isinstance(p.get("loan_uid"), str)
    ]
    done = 0
    for i in range(0, len(rows), 500):
        chunk = rows[i : i + 500]
        old = set(
            s.scalars(
                select(HubLoan.uid).where(
                    HubLoan.uid.in_({p["loan_uid"] for _, p in chunk}),
                    HubLoan.returned_at.is_not(None),
                    HubLoan.returned_at < cutoff,
                )
            )
        )
        values = [
            {"event_id": eid, "payload": {**p, "card_no": None}, "redacted_at": now}
            for eid, p in chunk
            if p["loan_uid"] in old
        ]
        if values:
            s.execute(update(HubEvent), values)
            done += len(values)
    return done
