"""Retention reaches the hub's ledger: old loan events lose their card numbers.

``hub_event`` keeps every event a point pushed, so without this the card numbers of loans long
anonymised (``staffing.anonymise_loans``) would stay in the ledger for ever. A ledger row of
``loan.checked_out`` / ``loan.checked_in`` whose loan was returned before the cutoff gets its
payload's ``card_no`` nulled and ``redacted_at`` stamped; its event id, device and seq stay, so a
re-sent copy is still answered ``duplicate`` and changes nothing. Runs when a point's
``retention.applied`` arrives (that point's rows) and in the hub's own retention run (all rows).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .models import HubEvent, HubLoan

LOAN_EVENTS = ("loan.checked_out", "loan.checked_in")


def redact_ledger(s: Session, cutoff: datetime, now: datetime, point: str | None = None) -> int:
    """Null the card number of ledger rows of loans returned before ``cutoff``."""
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
