"""Retention reaches the logs: old loan events lose their card numbers once the hub has them.

The retention job (``services/retention.py``) anonymises returned loans older than the package
allows; without this step their card numbers would live on in the outbox and the audit log.
An outbox event is redacted only when

- it is a ``loan.checked_out`` / ``loan.checked_in`` event of a loan returned before the cutoff,
- the hub has acknowledged it (an ``outbox_delivery`` row): an undelivered event is never
  touched, it must reach the hub whole,

and the only change is ``payload.card_no`` -> null; the immutability trigger (migration 0006)
refuses any other update. Ids, seqs and clocks stay, so the hub's ledger still answers a re-sent
copy ``duplicate`` and a restore's sequence floor is unchanged. The event's audit entry loses the
card number in its target and detail in the same transaction.

SQLite keeps deleted bytes in free space and old page images in the WAL; ``secure_delete`` zeroes
the former, and the desk truncates the WAL after the commit (``COMPACT_WAL``), so the number is
gone from the file, not just from the rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import AuditEntry, Loan, OutboxDelivery, OutboxEvent

LOAN_EVENTS = ("loan.checked_out", "loan.checked_in")
#: a fee's settlement: the card number goes once it is older than the cutoff (a fee still open
#: keeps its reader: it is a debt, not history)
FEE_EVENTS = ("fee.paid", "fee.waived")
REDACTED = "[redacted]"
#: ``Session.info`` flag: checkpoint and truncate the WAL after this transaction commits
COMPACT_WAL = "compact_wal"


def redact_loan_events(s: Session, cutoff: datetime) -> int:
    """Null the card number of delivered loan events of loans returned before ``cutoff``, and of
    delivered fee settlements made before it."""
    s.connection().exec_driver_sql("PRAGMA secure_delete=ON")
    rows = list(
        s.execute(
            select(OutboxEvent.seq, OutboxEvent.payload)
            .join(OutboxDelivery, OutboxDelivery.seq == OutboxEvent.seq)
            .join(Loan, Loan.uid == OutboxEvent.payload["loan_uid"].as_string())
            .where(
                OutboxEvent.type.in_(LOAN_EVENTS),
                OutboxEvent.payload["card_no"].as_string().is_not(None),
                Loan.returned_at.is_not(None),
                Loan.returned_at < cutoff,
            )
        )
    )
    rows += s.execute(
        select(OutboxEvent.seq, OutboxEvent.payload)
        .join(OutboxDelivery, OutboxDelivery.seq == OutboxEvent.seq)
        .where(
            OutboxEvent.type.in_(FEE_EVENTS),
            OutboxEvent.payload["card_no"].as_string().is_not(None),
            OutboxEvent.wall_time < cutoff,
        )
    ).all()
    if not rows:
        return 0
    cards = {seq: str(payload["card_no"]) for seq, payload in rows}
    for i in range(0, len(rows), 500):
        s.execute(
            update(OutboxEvent),
            [{"seq": seq, "payload": {**p, "card_no": None}} for seq, p in rows[i : i + 500]],
        )
    seqs = sorted(cards)
    for i in range(0, len(seqs), 500):
        for a in s.scalars(select(AuditEntry).where(AuditEntry.event_seq.in_(seqs[i : i + 500]))):
            card = cards[a.event_seq or 0]
            a.target = a.target.replace(card, REDACTED)
            a.detail = a.detail.replace(card, REDACTED)
    s.info[COMPACT_WAL] = True
    return len(rows)
