"""The reader's account at card scan (读者账户): everything the desk should see at once.

One read when the card is scanned: the reader, the open loans, how many are overdue, what is
owed (fees, when the package charges any), the loan history still within the package's
retention limit, and the notices staff must give (computed from the account's state, each as a
code with its parameters: the UI words them for the staff and for the reader).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from ..common.times import BEIJING
from ..models import Item, Loan, Title
from . import fees, holds
from .circulation import LoanView, loans_of
from .context import Ctx
from .fees import FeeView
from .holds import HoldView, ReadyAt
from .readers import ReaderView, scan


@dataclass(frozen=True)
class HistoryRow:
    barcode: str
    title: str
    checked_out_at: datetime
    returned_at: datetime
    days_late: int
    fee_cents: int


@dataclass(frozen=True)
class AccountNote:
    """A notice for the desk: ``code`` (reader_message | staff_note | blocked | expired |
    expires_soon | overdue | fees_owed) and its parameters; ``for_reader`` when staff should
    tell the reader too."""

    code: str
    params: dict[str, str | int]
    for_reader: bool


@dataclass(frozen=True)
class Account:
    reader: ReaderView
    loans: list[LoanView]
    overdue: int
    charges_fees: bool
    owed_cents: int
    fees: list[FeeView]  # unpaid
    history: list[HistoryRow]
    retention_days: int
    notes: list[AccountNote]
    #: copies waiting for this reader on a hold shelf (services.holds.ready_for)
    holds_waiting: list[HoldView] = field(default_factory=list)
    #: pickup points where a copy waits that this desk knows only from the district's reader
    #: index (services.holds.ready_elsewhere): named at card scan at any point
    holds_ready_at: list[ReadyAt] = field(default_factory=list)


EXPIRY_WARNING_DAYS = 30
_L, _I, _T = (cast(Table, m.__table__) for m in (Loan, Item, Title))
_HISTORY = (
    select(
        _L.c.checked_out_at,
        _L.c.returned_at,
        _L.c.due_date,
        _L.c.fee_cents,
        _I.c.barcode,
        _T.c.title,
    )
    .join_from(_L, _I, _I.c.id == _L.c.item_id)
    .join(_T, _T.c.id == _I.c.title_id)
    .where(
        _L.c.reader_id == bindparam("reader_id"),
        _L.c.returned_at.is_not(None),
        _L.c.returned_at >= bindparam("since"),
    )
    .order_by(_L.c.returned_at.desc(), _L.c.id.desc())
    .limit(bindparam("limit"))
)


def history(s: Session, ctx: Ctx, reader_id: int, limit: int = 200) -> list[HistoryRow]:
    """Returned loans still within the retention limit, newest first."""
    keep = ctx.policy.package.management.loan_history_retention_days
    since = datetime.combine(ctx.today() - timedelta(days=keep), time(), BEIJING)
    rows = s.connection().execute(
        _HISTORY, {"reader_id": reader_id, "since": since, "limit": limit}
    )
    out = []
    for r in rows:
        back = r.returned_at.astimezone(BEIJING).date()
        out.append(
            HistoryRow(
                barcode=r.barcode,
                title=r.title,
                checked_out_at=r.checked_out_at,
                returned_at=r.returned_at,
                days_late=max((back - r.due_date).days, 0),
                fee_cents=r.fee_cents,
            )
        )
    return out


def account(s: Session, ctx: Ctx, card: str) -> Account:
    found = scan(s, ctx, card)  # Core reads, one per part: the scan path (services.readers)
    reader = found.view
    today = ctx.today()
    loans = loans_of(s, ctx, found.id, reader.card_no)
    overdue = sum(1 for ln in loans if ln.overdue_days > 0)
    charging = fees.charges_fees(ctx)
    unpaid = fees.fees_of(s, found.id, reader.card_no, open_only=True) if charging else []
    owed = sum(f.amount_cents for f in unpaid)
    notes: list[AccountNote] = []
    if reader.reader_message:  # first: the desk reads it out before anything else
        notes.append(AccountNote("reader_message", {"text": reader.reader_message}, True))
    if reader.staff_note:
        notes.append(AccountNote("staff_note", {"text": reader.staff_note}, False))
    if reader.status == "blocked":
        notes.append(AccountNote("blocked", {"reason": reader.block_reason or "-"}, True))
    if reader.expires_on < today:
        notes.append(AccountNote("expired", {"date": reader.expires_on.isoformat()}, True))
    elif reader.expires_on <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        notes.append(AccountNote("expires_soon", {"date": reader.expires_on.isoformat()}, True))
    if overdue:
        notes.append(AccountNote("overdue", {"count": overdue}, True))
    if owed:
        notes.append(AccountNote("fees_owed", {"cents": owed}, True))
    return Account(
        reader=reader,
        loans=loans,
        overdue=overdue,
        charges_fees=charging,
        owed_cents=owed,
        fees=unpaid,
        history=history(s, ctx, found.id),
        retention_days=ctx.policy.package.management.loan_history_retention_days,
        notes=notes,
        holds_waiting=holds.ready_for(s, ctx, reader.card_no),
        holds_ready_at=holds.ready_elsewhere(s, ctx, reader.card_no, found.holds_ready),
    )
