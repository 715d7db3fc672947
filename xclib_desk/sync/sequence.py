"""Keeping the device's event sequence above every number the hub already holds.

The hub's ledger is keyed by event id and by (device, seq): a number used for two different
events is refused ``seq_reused``. A restored backup counts from where the backup stood, below
numbers the replaced store already delivered. ``backup.restore`` lifts the counter past every
store it can still read (the replaced one and those in ``set-aside/``); the hub's answer to
``GET /v1/device`` covers the rest (a store lost for good, a new machine). When this desk's next
number is not above the hub's highest — or, after a restore, an undelivered event's is not —
its undelivered events move above it, in their order, and the counter follows: one local
transaction, with an audit entry. The events keep their ids, so one the hub already has is
still answered ``duplicate``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from ..backup import RESTORED
from ..models import AuditEntry, OutboxEvent, StoreMeta
from ..models.records import undelivered
from ..services.context import Ctx
from .apply import get_state, set_state

#: the audit action of a renumbering
RAISED = "sequence.raised"
#: sync_state key: the audit id of the last restore checked against the hub
CHECKED_KEY = "sequence_checked_restore"


@dataclass(frozen=True)
class SequenceRaised:
    """What a renumbering did: the hub's highest number, the events moved, the next number."""

    hub_highest: int
    renumbered: int
    next_seq: int


def due(s: Session, _ctx: Ctx, hub_highest: int) -> bool:
    """Whether :func:`raise_above` has anything to do (a read: the usual answer is no)."""
    next_seq = s.scalar(select(StoreMeta.next_seq))
    restored = s.scalar(select(func.max(AuditEntry.id)).where(AuditEntry.action == RESTORED))
    return (next_seq or 0) <= hub_highest or (
        restored is not None and get_state(s, CHECKED_KEY) != str(restored)
    )


def raise_above(s: Session, ctx: Ctx, hub_highest: int) -> SequenceRaised | None:
    """Move the undelivered events and the counter above ``hub_highest`` (and above every
    number this store holds) when numbers may collide: the next number is not above it, or a
    restore happened since the last check and an undelivered event is not above it (events
    made after the restore took numbers the replaced store had delivered). Otherwise, e.g. an
    answer lost on the way back, undelivered events keep their numbers (the hub knows them by
    id). None when nothing was due."""
    meta = s.scalars(select(StoreMeta)).one()
    restored = s.scalar(select(func.max(AuditEntry.id)).where(AuditEntry.action == RESTORED))
    after_restore = restored is not None and get_state(s, CHECKED_KEY) != str(restored)
    if after_restore:
        set_state(s, CHECKED_KEY, str(restored))
    pending = list(s.scalars(undelivered(OutboxEvent.seq).order_by(OutboxEvent.seq)))
    low = pending[0] if pending else meta.next_seq
    if meta.next_seq > hub_highest and not (after_restore and low <= hub_highest):
        return None
    base = max(hub_highest, int(s.scalar(select(func.max(OutboxEvent.seq))) or 0))
    # audit_log.event_seq follows its event inside this transaction (checked at commit)
    s.execute(text("PRAGMA defer_foreign_keys = ON"))
    for n, old in enumerate(pending, start=1):  # every new number is above every old one
        s.execute(update(OutboxEvent).where(OutboxEvent.seq == old).values(seq=base + n))
        s.execute(update(AuditEntry).where(AuditEntry.event_seq == old).values(event_seq=base + n))
    s.expire_all()
    meta = s.scalars(select(StoreMeta)).one()
    meta.next_seq = base + len(pending) + 1
    out = SequenceRaised(hub_highest, len(pending), meta.next_seq)
    s.add(
        AuditEntry(
            at=ctx.now(),
            staff_code=ctx.actor.staff_code,
            action=RAISED,
            target=ctx.point.code,
            detail=json.dumps(
                {"hub_highest": hub_highest, "renumbered": len(pending), "next_seq": meta.next_seq}
            ),
        )
    )
    return out
