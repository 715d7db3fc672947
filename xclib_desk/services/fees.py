"""Fees (罚款/滞纳金): raise at return, collect in cash, waive with a reason, history, cash total.

Whether fees exist at all is the package's ``service.overdue.charge_fees``: a district that
charges none gets no fee rows, and every verb here refuses with ``fees_not_charged`` (the UI
hides its fee controls). A payment may settle several fees of one reader in one transaction
(one ``fee.paid``, one receipt); a waiver settles one fee and records who and why. Amounts are
cents, times UTC; "today" is Beijing's day (``common.times``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from ..common.times import BEIJING
from ..errors import DeskError
from ..input_checks import clean_text
from ..models import Fee, Item, Loan, Point, Reader, Title
from ..protocol.events import FeePaid, FeeWaived
from ..standards.policy import Policy
from .context import Ctx, new_uid, record
from .readers import get_reader

OPEN, PAID, WAIVED = "open", "paid", "waived"
#: the package's ``overridable`` key naming the roles that may waive a fee
WAIVER = "fee_waiver"
#: who may waive when the package names nobody (packages older than this key)
DEFAULT_WAIVERS = ("librarian", "admin")


@dataclass(frozen=True)
class FeeView:
    uid: str
    card_no: str
    kind: str  # overdue
    barcode: str
    title: str
    amount_cents: int
    raised_at: datetime
    point: str  # where it was raised
    status: str  # open | paid | waived
    settled_at: datetime | None
    settled_by: str | None
    waive_reason: str | None


@dataclass(frozen=True)
class Payment:
    """One cash payment: what the fee receipt prints."""

    uid: str
    card_no: str
    reader_name: str
    fees: list[FeeView]
    amount_cents: int
    paid_at: datetime
    staff_code: str


@dataclass(frozen=True)
class CashTotal:
    staff_code: str
    day: date
    payments: int
    fees: int
    amount_cents: int


def charges_fees(ctx: Ctx) -> bool:
    return ctx.policy.package.service.overdue.charge_fees


def waiver_roles(policy: Policy) -> tuple[str, ...]:
    """Who may waive under ``policy``: the package's ``overridable.fee_waiver``, else the
    default (a package older than the key)."""
    return policy.overridable_by(WAIVER) or DEFAULT_WAIVERS


def _require_fees(ctx: Ctx) -> None:
    if not charges_fees(ctx):
        raise DeskError("fees_not_charged")


def raise_overdue(
    s: Session, ctx: Ctx, loan: Loan, reader: Reader | None, barcode: str, cents: int
) -> None:
    """Called by the return that found the copy late: the fee's uid is the loan's, so the hub
    derives the same row from ``loan.checked_in`` (no event of its own)."""
    if cents <= 0 or reader is None:
        return
    s.add(
        Fee(
            uid=loan.uid,
            reader_id=reader.id,
            kind="overdue",
            loan_uid=loan.uid,
            barcode=barcode,
            amount_cents=cents,
            raised_at=ctx.now(),
            point_id=ctx.point.id,
            status=OPEN,
        )
    )


def _views(s: Session, reader: Reader, rows: list[Fee]) -> list[FeeView]:
    """These fees as views, in their order (the payment's receipt, a waiver): read back by the
    one query the account uses."""
    uids = [f.uid for f in rows]
    found = {f.uid: f for f in fees_of(s, reader.id, reader.card_no, uids=uids)}
    return [found[f.uid] for f in rows]


_F, _I, _T, _P = (cast(Table, m.__table__) for m in (Fee, Item, Title, Point))
#: a reader's fees with each copy's title and the raising point's code, in one Core query (the
#: account reads it at every card scan)
_READER_FEES = (
    select(
        _F.c.uid,
        _F.c.kind,
        _F.c.barcode,
        _F.c.amount_cents,
        _F.c.raised_at,
        _F.c.status,
        _F.c.settled_at,
        _F.c.settled_by,
        _F.c.waive_reason,
        _T.c.title,
        _P.c.code,
    )
    .outerjoin(_I, _I.c.barcode == _F.c.barcode)
    .outerjoin(_T, _T.c.id == _I.c.title_id)
    .outerjoin(_P, _P.c.id == _F.c.point_id)
    .where(_F.c.reader_id == bindparam("reader_id"))
    .order_by(_F.c.raised_at.desc(), _F.c.id.desc())
)
_READER_OPEN_FEES = _READER_FEES.where(_F.c.status == OPEN)


def reader_fees(s: Session, ctx: Ctx, card: str, open_only: bool = False) -> list[FeeView]:
    """The reader's fee history, newest first (or only what is still owed)."""
    reader = get_reader(s, ctx, card)
    return fees_of(s, reader.id, reader.card_no, open_only)


def fees_of(
    s: Session,
    reader_id: int,
    card: str,
    open_only: bool = False,
    uids: list[str] | None = None,
) -> list[FeeView]:
    """:func:`reader_fees` of a reader already found (the account at card scan); ``uids``:
    only these fees."""
    if s.new or s.dirty or s.deleted:
        s.flush()  # the Core query reads the database: send this session's changes first
    q = _READER_OPEN_FEES if open_only else _READER_FEES
    if uids is not None:
        q = q.where(_F.c.uid.in_(uids))
    return [
        FeeView(
            uid=r.uid,
            card_no=card,
            kind=r.kind,
            barcode=r.barcode,
            title=r.title or "",
            amount_cents=r.amount_cents,
            raised_at=r.raised_at,
            point=r.code or "",
            status=r.status,
            settled_at=r.settled_at,
            settled_by=r.settled_by,
            waive_reason=r.waive_reason,
        )
        for r in s.connection().execute(q, {"reader_id": reader_id})
    ]


def owed_cents(s: Session, reader_id: int) -> int:
    rows = s.scalars(select(Fee.amount_cents).where(Fee.reader_id == reader_id, Fee.status == OPEN))
    return sum(rows)


def _open_fees(s: Session, reader: Reader, uids: list[str] | None) -> list[Fee]:
    rows = list(
        s.scalars(
            select(Fee)
            .where(Fee.reader_id == reader.id, Fee.status == OPEN)
            .order_by(Fee.raised_at, Fee.id)
        )
    )
    if uids is None:
        return rows
    by_uid = {f.uid: f for f in rows}
    for uid in uids:
        if uid not in by_uid:
            raise DeskError("fee_not_open", fee=uid, card=reader.card_no)
    return [by_uid[u] for u in dict.fromkeys(uids)]


def collect(s: Session, ctx: Ctx, card: str, uids: list[str] | None = None) -> Payment:
    """Cash for ``uids`` (all the reader's open fees when None): one payment, one event."""
    _require_fees(ctx)
    reader = get_reader(s, ctx, card)
    fees = _open_fees(s, reader, uids)
    if not fees:
        raise DeskError("no_fees_owed", card=reader.card_no)
    now, uid = ctx.now(), new_uid()
    for f in fees:
        f.status, f.settled_at, f.settled_by = PAID, now, ctx.actor.staff_code
        f.settled_point_id, f.payment_uid = ctx.point.id, uid
    total = sum(f.amount_cents for f in fees)
    record(
        s,
        ctx,
        "fee.paid",
        FeePaid(
            uid=uid,
            card_no=reader.card_no,
            fees=[f.uid for f in fees],
            amount_cents=total,
            paid_at=now,
        ),
        target=reader.card_no,
        detail=f"paid {total} for {len(fees)} fee(s)",
    )
    return Payment(
        uid=uid,
        card_no=reader.card_no,
        reader_name=reader.name,
        fees=_views(s, reader, fees),
        amount_cents=total,
        paid_at=now,
        staff_code=ctx.actor.staff_code,
    )


def waive(s: Session, ctx: Ctx, card: str, uid: str, reason: str) -> FeeView:
    """Let the reader off one fee; the reason is kept on the fee, in the event and the audit."""
    _require_fees(ctx)
    allowed = waiver_roles(ctx.policy)
    if ctx.actor.role not in allowed:
        raise DeskError("permission_denied", role=ctx.actor.role, action="waive fee")
    why = clean_text(reason, field="reason", max_len=500, required=False)
    if not why:
        raise DeskError("waive_reason_required")
    reader = get_reader(s, ctx, card)
    (fee,) = _open_fees(s, reader, [uid])
    now = ctx.now()
    fee.status, fee.settled_at, fee.settled_by = WAIVED, now, ctx.actor.staff_code
    fee.settled_point_id, fee.waive_reason = ctx.point.id, why
    record(
        s,
        ctx,
        "fee.waived",
        FeeWaived(
            uid=fee.uid,
            card_no=reader.card_no,
            amount_cents=fee.amount_cents,
            reason=why,
            waived_at=now,
        ),
        target=reader.card_no,
        detail=f"waived {fee.amount_cents} ({fee.uid}): {why}",
    )
    return _views(s, reader, [fee])[0]


def cash_total(
    s: Session, ctx: Ctx, staff_code: str | None = None, day: date | None = None
) -> CashTotal:
    """The cash a staff member took at this point on one Beijing day (default: self, today)."""
    who = staff_code or ctx.actor.staff_code
    day = day or ctx.today()
    start = datetime.combine(day, time(), BEIJING)
    rows = s.execute(
        select(Fee.payment_uid, Fee.amount_cents).where(
            Fee.settled_by == who,
            Fee.status == PAID,
            Fee.settled_point_id == ctx.point.id,
            Fee.settled_at >= start,
            Fee.settled_at < start + timedelta(days=1),
        )
    ).all()
    return CashTotal(
        staff_code=who,
        day=day,
        payments=len({p for p, _ in rows}),
        fees=len(rows),
        amount_cents=sum(c for _, c in rows),
    )
