"""Check-out, check-in, renew: the desk's rules from the standards package in force.

Blocks are checked in a fixed order; item blocks (the copy cannot go out) are never
overridable, reader blocks are overridable only by the roles the package names, with a reason
that is stored on the loan, in the event and in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Row, Table, and_, bindparam, case, func, insert, select, update
from sqlalchemy.orm import Session

from ..errors import BlockedError, DeskError, Names
from ..input_checks import clean_text
from ..models import Item, Loan, Point, Reader, Title
from ..models.base import Base
from ..protocol.events import CheckedIn, CheckedOut, Renewed
from ..protocol.events import Override as OverridePayload
from ..standards.policy import Policy
from ..standards.schema import MaterialType, ReaderType
from . import fees, holds
from .context import Ctx, new_uid, record, record_core
from .holdings import get_item
from .transfers import route_home


@dataclass(frozen=True)
class Override:
    """Staff's decision to lend despite named blocks, with the reason recorded."""

    reason: str
    codes: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class LoanView:
    uid: str
    barcode: str
    title: str
    call_number: str
    card_no: str | None
    checked_out_at: datetime
    due_date: date
    renewals: int
    overdue_days: int
    fee_cents: int
    standards_version: int  # the package in force when the loan was made: the rules it follows
    override_reason: str | None = None


@dataclass(frozen=True)
class CheckinResult:
    loan: LoanView
    fee_cents: int
    days_late: int
    route_to: str | None  # point code the item must travel to, or None: reshelve here
    route_to_name: str | None
    transfer_uid: str | None
    #: a waiting hold the returned copy was captured for: its slip (送往 X / 放预约架)
    #: supersedes ``route_to``
    hold: holds.HoldSlip | None = None


def _loan_view(loan: Loan, item: Item, card: str | None, today: date, policy: Policy) -> LoanView:
    late = (today - loan.due_date).days if loan.returned_at is None else 0
    fee = policy.fee_cents(loan.reader_type, late) if late > 0 else loan.fee_cents
    return LoanView(
        uid=loan.uid,
        barcode=item.barcode,
        title=item.title.title,
        call_number=item.call_number,
        card_no=card,
        checked_out_at=loan.checked_out_at,
        due_date=loan.due_date,
        renewals=loan.renewals,
        overdue_days=max(late, 0),
        fee_cents=fee,
        standards_version=loan.standards_version,
        override_reason=loan.override_reason,
    )


def type_names(*types: ReaderType | MaterialType) -> dict[str, tuple[str, str]]:
    """How these reader or material type codes read in a message (``DeskError.names``)."""
    return {t.code: (t.name_zh, t.name_en) for t in types}


def _gate(
    ctx: Ctx,
    block: str,
    override: Override | None,
    used: list[str],
    names: Names | None = None,
    **params: object,
) -> None:
    """Raise ``block`` unless the override names it and the actor's role may override it."""
    allowed = ctx.policy.overridable_by(block)
    if override is None or block not in override.codes:
        raise BlockedError(block, overridable_by=allowed, names=names, **params)
    if ctx.actor.role not in allowed:
        raise DeskError("override_not_allowed", role=ctx.actor.role, block=block)
    used.append(block)


def _override_payload(override: Override | None, used: list[str]) -> OverridePayload | None:
    if not used:
        return None
    assert override is not None
    return OverridePayload(codes=used, reason=override.reason)


def _override_note(override: Override | None, used: list[str]) -> str:
    """The audit line of an override: which blocks were passed, and the staff's reason."""
    if not used or override is None:
        return ""
    return f" override {','.join(used)}: {override.reason}"


def _check_override_reason(override: Override | None) -> Override | None:
    if override is None:
        return None
    reason = clean_text(override.reason, field="reason", max_len=500, required=False)
    if not reason:
        raise DeskError("override_reason_required")
    return Override(reason=reason, codes=override.codes)


# The hot path's queries, built once: the desk runs them on every scan.
_OPEN_LOAN = select(Loan).where(Loan.item_id == bindparam("item_id"), Loan.returned_at.is_(None))
_OVERDUE = select(func.count()).where(
    Loan.reader_id == bindparam("reader_id"),
    Loan.returned_at.is_(None),
    Loan.due_date < bindparam("cutoff"),
)

# The scan path in SQLAlchemy Core (check-out, a reader's loans): the same rules, rows, event and
# audit as the ORM would write, in the same transaction, without the unit of work and identity
# map that cost more than they give on a single scan. Built once, compiled once.
_R, _I, _T, _L = (cast(Table, m.__table__) for m in (Reader, Item, Title, Loan))
#: a row of the scan path's look-ups, read by column name
ScanRow = Row[*tuple[Any, ...]]
_READER_SCAN = select(
    _R.c.id,
    _R.c.card_no,
    _R.c.reader_type,
    _R.c.status,
    _R.c.block_reason,
    _R.c.expires_on,
    _R.c.index_only,
    _R.c.hub_open_loans,
).where(_R.c.card_no == bindparam("card_no"))
#: the copy, its title and its open loan (if any), in one look-up
_ITEM_SCAN = (
    select(
        _I.c.id,
        _I.c.barcode,
        _I.c.call_number,
        _I.c.material_type,
        _I.c.status,
        _T.c.title,
        _L.c.reader_id.label("holder_id"),
        _L.c.due_date.label("holder_due"),
        _L.c.id.label("open_loan_id"),
    )
    .join_from(_I, _T, _T.c.id == _I.c.title_id)
    .outerjoin(_L, and_(_L.c.item_id == _I.c.id, _L.c.returned_at.is_(None)))
    .where(_I.c.barcode == bindparam("barcode"))
)
#: a reader's open loans per material type, and how many of them are overdue past the grace
_OPEN_COUNTS = (
    select(
        _L.c.material_type,
        func.count(),
        func.sum(case((_L.c.due_date < bindparam("cutoff"), 1), else_=0)),
    )
    .where(_L.c.reader_id == bindparam("reader_id"), _L.c.returned_at.is_(None))
    .group_by(_L.c.material_type)
)
_LOAN_INSERT = insert(_L)
_ITEM_LENT = (
    update(_I)
    .where(_I.c.id == bindparam("i_id"))
    .values(status="on_loan", location_point_id=bindparam("i_here"))
)
_READER_LOANS = (
    select(
        _L.c.uid,
        _L.c.reader_type,
        _L.c.checked_out_at,
        _L.c.due_date,
        _L.c.renewals,
        _L.c.fee_cents,
        _L.c.standards_version,
        _L.c.override_reason,
        _I.c.barcode,
        _I.c.call_number,
        _T.c.title,
    )
    .join_from(_L, _I, _I.c.id == _L.c.item_id)
    .join(_T, _T.c.id == _I.c.title_id)
    .where(_L.c.reader_id == bindparam("reader_id"), _L.c.returned_at.is_(None))
    .order_by(_L.c.due_date, _L.c.id)
)


def _current(s: Session) -> None:
    """Core reads see the database, not the session: send the session's pending rows first."""
    if s.new or s.dirty or s.deleted:
        s.flush()


def _scan_reader(s: Session, ctx: Ctx, card: str) -> ScanRow:
    """:func:`readers.get_reader` for the scan path: the same card rule and refusal."""
    card_no = ctx.policy.card(card)
    row = s.connection().execute(_READER_SCAN, {"card_no": card_no}).first()
    if row is None:
        raise DeskError("unknown_reader", card=card_no)
    return row


def _scan_item(s: Session, ctx: Ctx, barcode: str) -> ScanRow:
    """:func:`holdings.get_item` for the scan path, with the copy's title and open loan."""
    code = ctx.policy.item(barcode)
    row = s.connection().execute(_ITEM_SCAN, {"barcode": code}).first()
    if row is None:
        raise DeskError("unknown_item", barcode=code)
    return row


def _expire(s: Session, model: type[Base], ident: int) -> None:
    """An instance of the row the Core wrote, if the session holds one, reloads on next use."""
    obj = s.identity_map.get(s.identity_key(model, ident))
    if obj is not None:
        s.expire(obj)


def _open_loan(s: Session, item_id: int) -> Loan | None:
    return s.scalars(_OPEN_LOAN, {"item_id": item_id}).one_or_none()


def _reader_blocks(
    s: Session,
    ctx: Ctx,
    reader: Reader | ScanRow,
    override: Override | None,
    used: list[str],
    overdue: int | None = None,
) -> None:
    """Blocks that concern the card itself (shared by check-out and renew); ``overdue``: the
    count of loans overdue past the grace, if the caller has it already."""
    policy, today = ctx.policy, ctx.today()
    if reader.status == "blocked":
        _gate(ctx, "reader_blocked", override, used, reason=reader.block_reason or "-")
    if reader.expires_on < today:
        _gate(ctx, "card_expired", override, used, expires=reader.expires_on.isoformat())
    grace = policy.package.service.overdue.grace_days
    cutoff = today - timedelta(days=grace)
    if overdue is None:
        overdue = s.scalar(_OVERDUE, {"reader_id": reader.id, "cutoff": cutoff}) or 0
    if overdue > policy.package.service.overdue.tolerance_items:
        _gate(ctx, "overdue_items", override, used, count=overdue, days=grace)


def check_out(
    s: Session, ctx: Ctx, card: str, barcode: str, override: Override | None = None
) -> LoanView:
    policy = ctx.policy
    override = _check_override_reason(override)
    _current(s)
    reader = _scan_reader(s, ctx, card)
    item = _scan_item(s, ctx, barcode)
    # --- the copy: never overridable ---
    mtype = policy.material_type(item.material_type)
    if item.status == "on_loan" or item.open_loan_id is not None:
        holder = s.get(Reader, item.holder_id) if item.holder_id else None
        raise DeskError(
            "item_on_loan",
            card=holder.card_no if holder else "?",
            due=item.holder_due.isoformat() if item.holder_due else "?",
        )
    if item.status != "available":
        raise DeskError("item_unavailable", status=item.status)
    if not mtype.loanable:
        raise DeskError("not_loanable", material=mtype.code, names=type_names(mtype))
    rule = policy.loan_rule(reader.reader_type, mtype.code)
    rtype = policy.reader_type(reader.reader_type)
    if rule.quota == 0:
        raise DeskError(
            "material_not_allowed",
            reader_type=rtype.code,
            material=mtype.code,
            names=type_names(rtype, mtype),
        )
    # --- the reader: overridable where the package says so ---
    used: list[str] = []
    held = holds.held_copy(s, item.barcode)  # a copy set aside for a hold: its reader only
    if held is not None and held.card_no != reader.card_no:
        _gate(ctx, "item_on_hold", override, used, card_tail=holds.card_tail(held.card_no))
    now, today = ctx.now(), ctx.today()
    cutoff = today - timedelta(days=policy.package.service.overdue.grace_days)
    counts = s.connection().execute(_OPEN_COUNTS, {"reader_id": reader.id, "cutoff": cutoff})
    open_by_type: dict[str, int] = {}
    overdue = 0
    for material, n, late in counts:
        open_by_type[material] = n
        overdue += late or 0
    _reader_blocks(s, ctx, reader, override, used, overdue)
    total = sum(open_by_type.values())
    if reader.index_only:  # a reader of another point: the district index counts every loan
        total = max(total, reader.hub_open_loans)
    if total >= policy.total_quota(reader.reader_type):
        _gate(
            ctx,
            "quota_reached",
            override,
            used,
            what=rtype.code,
            names=type_names(rtype),
            quota=policy.total_quota(reader.reader_type),
            count=total,
        )
    elif policy.has_specific_rule(reader.reader_type, mtype.code):
        same = open_by_type.get(mtype.code, 0)
        if same >= rule.quota:
            _gate(
                ctx,
                "quota_reached",
                override,
                used,
                what=mtype.code,
                names=type_names(mtype),
                quota=rule.quota,
                count=same,
            )
    # --- lend ---
    uid = new_uid()
    due = policy.due_date(today, rule.loan_days, ctx.point.level)
    loan = {
        "uid": uid,
        "item_id": item.id,
        "reader_id": reader.id,
        "reader_type": reader.reader_type,
        "material_type": mtype.code,
        "point_id": ctx.point.id,
        "staff_code": ctx.actor.staff_code,
        "checked_out_at": now,
        "due_date": due,
        "renewals": 0,
        "standards_version": policy.version,
        "override_codes": ",".join(used) or None,
        "override_reason": override.reason if used and override else None,
        "returned_at": None,
        "returned_point_id": None,
        "fee_cents": 0,
    }
    conn = s.connection()
    conn.execute(_LOAN_INSERT, loan)
    conn.execute(_ITEM_LENT, {"i_id": item.id, "i_here": ctx.point.id})  # in the staff's hand
    _expire(s, Item, item.id)
    record_core(
        s,
        ctx,
        "loan.checked_out",
        CheckedOut(
            loan_uid=uid,
            item=item.barcode,
            card_no=reader.card_no,
            due_date=due,
            checked_out_at=now,
            override=_override_payload(override, used),
        ),
        target=item.barcode,
        detail=f"{reader.card_no} due {due}" + _override_note(override, used),
    )
    if held is not None:
        holds.on_check_out(s, ctx, held.uid, reader.card_no, uid)
    return LoanView(
        uid=uid,
        barcode=item.barcode,
        title=item.title,
        call_number=item.call_number,
        card_no=reader.card_no,
        checked_out_at=now,
        due_date=due,
        renewals=0,
        overdue_days=max((today - due).days, 0),
        fee_cents=0,
        standards_version=policy.version,
        override_reason=loan["override_reason"],
    )


def check_in(s: Session, ctx: Ctx, barcode: str) -> CheckinResult:
    """A return is always accepted, at any point; a copy from elsewhere is routed home."""
    policy = ctx.policy
    item = get_item(s, ctx, barcode)
    loan = _open_loan(s, item.id)
    if loan is None:
        raise DeskError("not_on_loan", barcode=item.barcode)
    now, today = ctx.now(), ctx.today()
    late = max((today - loan.due_date).days, 0)
    fee = policy.fee_cents(loan.reader_type, late)
    loan.returned_at, loan.returned_point_id, loan.fee_cents = now, ctx.point.id, fee
    reader = s.get(Reader, loan.reader_id) if loan.reader_id else None
    fees.raise_overdue(s, ctx, loan, reader, item.barcode, fee)
    route: Point | None = None
    transfer_uid = None
    if item.owner_point_id != ctx.point.id:
        transfer, route = route_home(s, ctx, item)
        transfer_uid = transfer.uid
    else:
        item.status, item.location_point_id = "available", ctx.point.id
    card = reader.card_no if reader else None
    record(
        s,
        ctx,
        "loan.checked_in",
        CheckedIn(
            loan_uid=loan.uid,
            item=item.barcode,
            card_no=card,
            returned_at=now,
            days_late=late,
            fee_cents=fee,
            transfer_uid=transfer_uid,
            route_to=route.code if route else None,
        ),
        target=item.barcode,
        detail=f"late {late}d fee {fee}" + (f" route {route.code}" if route else ""),
    )
    hold = holds.on_return(s, ctx, item.barcode)  # a waiting hold known here captures it
    return CheckinResult(
        loan=_loan_view(loan, item, card, today, policy),
        fee_cents=fee,
        days_late=late,
        route_to=route.code if route else None,
        route_to_name=route.name if route else None,
        transfer_uid=transfer_uid,
        hold=hold,
    )


def renew(s: Session, ctx: Ctx, barcode: str, override: Override | None = None) -> LoanView:
    """Extend from the current due date, so renewing early never shortens a loan."""
    policy = ctx.policy
    override = _check_override_reason(override)
    item = get_item(s, ctx, barcode)
    loan = _open_loan(s, item.id)
    if loan is None:
        raise DeskError("not_on_loan", barcode=item.barcode)
    reader = s.get(Reader, loan.reader_id) if loan.reader_id else None
    if loan.point_id != ctx.point.id and (reader is None or reader.home_point_id != ctx.point.id):
        # the lending point or the reader's home point renews (the hub's authority rule)
        lender = s.get(Point, loan.point_id)
        raise DeskError(
            "not_lending_point", barcode=item.barcode, point=lender.code if lender else "—"
        )
    rule = policy.loan_rule(loan.reader_type, loan.material_type)
    used: list[str] = []
    today = ctx.today()
    if loan.due_date < today:
        _gate(ctx, "renew_overdue", override, used)
    if loan.renewals >= rule.renewals:
        _gate(ctx, "renewal_limit", override, used, count=loan.renewals, limit=rule.renewals)
    if reader is not None:
        _reader_blocks(s, ctx, reader, override, used)
    days = rule.renewal_days or rule.loan_days
    loan.due_date = policy.due_date(max(loan.due_date, today), days, ctx.point.level)
    loan.renewals += 1
    record(
        s,
        ctx,
        "loan.renewed",
        Renewed(
            loan_uid=loan.uid,
            item=item.barcode,
            due_date=loan.due_date,
            renewals=loan.renewals,
            override=_override_payload(override, used),
        ),
        target=item.barcode,
        detail=f"due {loan.due_date}" + _override_note(override, used),
    )
    return _loan_view(loan, item, reader.card_no if reader else None, today, policy)


def reader_loans(s: Session, ctx: Ctx, card: str) -> list[LoanView]:
    _current(s)
    reader = _scan_reader(s, ctx, card)
    return loans_of(s, ctx, reader.id, reader.card_no)


def loans_of(s: Session, ctx: Ctx, reader_id: int, card_no: str) -> list[LoanView]:
    """The open loans of a reader already found (the account at card scan, the kiosk), soonest
    due first, in one Core query; overdue days and the fee so far as of today."""
    rows = s.connection().execute(_READER_LOANS, {"reader_id": reader_id})
    today, policy = ctx.today(), ctx.policy
    out = []
    for r in rows:
        late = (today - r.due_date).days
        out.append(
            LoanView(
                uid=r.uid,
                barcode=r.barcode,
                title=r.title,
                call_number=r.call_number,
                card_no=card_no,
                checked_out_at=r.checked_out_at,
                due_date=r.due_date,
                renewals=r.renewals,
                overdue_days=max(late, 0),
                fee_cents=policy.fee_cents(r.reader_type, late) if late > 0 else r.fee_cents,
                standards_version=r.standards_version,
                override_reason=r.override_reason,
            )
        )
    return out
