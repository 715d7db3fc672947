"""Loan-history retention (统一管理体系): anonymise returned loans older than the package allows.

Anonymising drops the reader link only; the copy, the dates, the reader *type* and the point
stay, so circulation statistics keep their counts. Open loans are never touched. The job is
idempotent and cheap when there is nothing to do (one indexed query, no event). A run that
changes rows writes one ``retention.applied`` event with the cutoff and count; the hub applies the
same cutoff to its copy of this point's loans and its ledger of this point's loan events.
The same run redacts the card numbers of this point's delivered loan events of those loans, and
their audit entries (``services/redaction.py``); a run that only redacts still writes the event,
so the hub's ledger follows.

The same run removes the names, phones and card numbers of old activities' lists and the phones
of long-idle volunteers (``activities.redact``, ``volunteers.redact``: counts and hours stay);
a run that only does that still writes the event, so the audit trail shows it.

Run it daily: ``xclib-desk retention run`` or :func:`run` from the app's timer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import Fee, Loan
from ..protocol.events import RetentionApplied
from . import activities, volunteers
from .context import Ctx, record, require_role
from .redaction import redact_loan_events


@dataclass(frozen=True)
class RetentionResult:
    cutoff: datetime
    days: int
    anonymised: int
    #: outbox events whose card number was redacted (their audit entries likewise)
    redacted: int = 0
    #: activities whose lists lost their names; volunteers whose phone was removed
    activities: int = 0
    volunteers: int = 0
    #: settled fees older than the cutoff that lost their reader link
    fees: int = 0


def run(s: Session, ctx: Ctx) -> RetentionResult:
    require_role(ctx, "librarian", "admin", action="run loan-history retention")
    days = ctx.policy.package.management.loan_history_retention_days
    cutoff = ctx.now() - timedelta(days=days)
    ids = list(
        s.scalars(
            select(Loan.id).where(
                Loan.reader_id.is_not(None),
                Loan.returned_at.is_not(None),
                Loan.returned_at < cutoff,
            )
        )
    )
    for i in range(0, len(ids), 500):
        s.execute(
            update(Loan)
            .where(Loan.id.in_(ids[i : i + 500]))
            .values(reader_id=None)
            .execution_options(synchronize_session=False)
        )
    settled = s.execute(
        update(Fee)
        .where(Fee.reader_id.is_not(None), Fee.status != "open", Fee.settled_at < cutoff)
        .values(reader_id=None)
        .execution_options(synchronize_session=False)
    )
    fee_count = int(getattr(settled, "rowcount", 0) or 0)
    redacted = redact_loan_events(s, cutoff)
    lists, people = activities.redact(s, ctx), volunteers.redact(s, ctx)
    if not ids and not redacted and not lists and not people and not fee_count:
        return RetentionResult(cutoff, days, 0)
    record(
        s,
        ctx,
        "retention.applied",
        RetentionApplied(cutoff=cutoff, days=days, count=len(ids)),
        target=cutoff.date().isoformat(),
        detail=f"{len(ids)} loans, {fee_count} settled fees anonymised, "
        f"{redacted} events redacted (>{days} days)"
        + (
            f", {lists} activity lists, {people} volunteer phones removed"
            if lists or people
            else ""
        ),
    )
    return RetentionResult(cutoff, days, len(ids), redacted, lists, people, fee_count)
