"""Check-out, check-in, renew: the desk's rules from the standards package in force.

Blocks are checked in a fixed order; item blocks (the copy cannot go out) are never
overridable, reader blocks are overridable only by the roles the package names, with a reason
that is stored on the loan, in the event and in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from ..errors import BlockedError, DeskError, Names
from ..input_checks import clean_text
from ..models import Item, Loan, Point, Reader, Transfer
from ..protocol.events import CheckedIn, CheckedOut, Renewed
from ..protocol.events import Override as OverridePayload
from ..standards.policy import Policy
from ..standards.schema import MaterialType, ReaderType
from . import fees, holds
from .context import Ctx, new_uid, record
from .holdings import get_item
from .readers import get_reader


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
_OPEN_BY_TYPE = (
    select(Loan.material_type, func.count())
    .where(Loan.reader_id == bindparam("reader_id"), Loan.returned_at.is_(None))
    .group_by(Loan.material_type)
)


def _open_loan(s: Session, item_id: int) -> Loan | None:
    return s.scalars(_OPEN_LOAN, {"item_id": item_id}).one_or_none()


def _reader_blocks(
    s: Session, ctx: Ctx, reader: Reader, override: Override | None, used: list[str]
) -> None:
    """Blocks that concern the card itself (shared by check-out and renew)."""
    policy, today = ctx.policy, ctx.today()
    if reader.status == "blocked":
        _gate(ctx, "reader_blocked", override, used, reason=reader.block_reason or "-")
    if reader.expires_on < today:
        _gate(ctx, "card_expired", override, used, expires=reader.expires_on.isoformat())
    grace = policy.package.service.overdue.grace_days
    cutoff = today - timedelta(days=grace)
    overdue = s.scalar(_OVERDUE, {"reader_id": reader.id, "cutoff": cutoff}) or 0
    if overdue > policy.package.service.overdue.tolerance_items:
        _gate(ctx, "overdue_items", override, used, count=overdue, days=grace)


def check_out(
    s: Session, ctx: Ctx, card: str, barcode: str, override: Override | None = None
) -> LoanView:
    policy = ctx.policy
    override = _check_override_reason(override)
    reader = get_reader(s, ctx, card)
    item = get_item(s, ctx, barcode)
    # --- the copy: never overridable ---
    mtype = policy.material_type(item.material_type)
    current = _open_loan(s, item.id)
    if item.status == "on_loan" or current is not None:
        holder = s.get(Reader, current.reader_id) if current and current.reader_id else None
        raise DeskError(
            "item_on_loan",
            card=holder.card_no if holder else "?",
            due=current.due_date.isoformat() if current else "?",
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
    _reader_blocks(s, ctx, reader, override, used)
    open_by_type: dict[str, int] = dict(s.execute(_OPEN_BY_TYPE, {"reader_id": reader.id}).all())
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
    now, today = ctx.now(), ctx.today()
    loan = Loan(
        uid=new_uid(),
        item_id=item.id,
        reader_id=reader.id,
        reader_type=reader.reader_type,
        material_type=mtype.code,
        point_id=ctx.point.id,
        staff_code=ctx.actor.staff_code,
        checked_out_at=now,
        due_date=policy.due_date(today, rule.loan_days, ctx.point.level),
        renewals=0,
        standards_version=policy.version,
        override_codes=",".join(used) or None,
        override_reason=override.reason if used and override else None,
        fee_cents=0,
    )
    s.add(loan)
    item.status = "on_loan"
    item.location_point_id = ctx.point.id  # the copy in the staff's hand is here
    record(
        s,
        ctx,
        "loan.checked_out",
        CheckedOut(
            loan_uid=loan.uid,
            item=item.barcode,
            card_no=reader.card_no,
            due_date=loan.due_date,
            checked_out_at=now,
            override=_override_payload(override, used),
        ),
        target=item.barcode,
        detail=f"{reader.card_no} due {loan.due_date}" + _override_note(override, used),
    )
    if held is not None:
        holds.on_check_out(s, ctx, held.uid, reader.card_no, loan.uid)
    return _loan_view(loan, item, reader.card_no, today, policy)


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
        route = s.get(Point, item.owner_point_id)
        transfer_uid = new_uid()
        s.add(
            Transfer(
                uid=transfer_uid,
                item_id=item.id,
                from_point_id=ctx.point.id,
                to_point_id=item.owner_point_id,
                reason="return_home",
                status="pending",
                created_at=now,
            )
        )
        item.status = "in_transit"
    else:
        item.status = "available"
    item.location_point_id = ctx.point.id
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
    reader = get_reader(s, ctx, card)
    rows = s.execute(
        select(Loan, Item)
        .join(Item, Item.id == Loan.item_id)
        .where(Loan.reader_id == reader.id, Loan.returned_at.is_(None))
        .order_by(Loan.due_date, Loan.id)
    ).all()
    today, policy = ctx.today(), ctx.policy
    return [_loan_view(loan, item, reader.card_no, today, policy) for loan, item in rows]
