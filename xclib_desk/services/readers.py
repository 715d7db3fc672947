"""Readers: registration, edits, blocks, card renewal, look-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, func, or_, select
from sqlalchemy.orm import Session

from ..common import pinyin
from ..errors import DeskError, Phrase, Text
from ..input_checks import clean_text
from ..models import Loan, Point, Reader
from ..protocol.events import (
    CardRenewed,
    ReaderBlocked,
    ReaderRegistered,
    ReaderUnblocked,
    ReaderUpdated,
)
from .context import Ctx, record, require_role
from .idcard import age_on, check_id_number, mask_id

GUARDIAN_AGE = 14  # PIPL: under-14s need guardian consent


@dataclass(frozen=True)
class ReaderView:
    card_no: str
    name: str
    reader_type: str
    id_masked: str | None
    birth_date: date | None
    phone: str | None
    address: str | None
    guardian_name: str | None
    guardian_phone: str | None
    status: str
    block_reason: str | None
    expires_on: date
    home_point: str | None
    open_loans: int
    staff_note: str | None = None
    reader_message: str | None = None


def view(s: Session, r: Reader) -> ReaderView:
    open_loans = s.scalar(
        select(func.count()).where(Loan.reader_id == r.id, Loan.returned_at.is_(None))
    )
    home = s.get(Point, r.home_point_id) if r.home_point_id else None
    return _as_view(r, home.code if home else None, open_loans or 0)


def _as_view(r: Reader | Row[Any], home: str | None, open_loans: int) -> ReaderView:
    """The view of a reader row, loaded (:func:`view`) or read by the scan's Core query
    (:func:`scan`); another point's reader counts the loans the hub knows of."""
    return ReaderView(
        card_no=r.card_no,
        name=r.name,
        reader_type=r.reader_type,
        id_masked=r.id_masked,
        birth_date=r.birth_date,
        phone=r.phone,
        address=r.address,
        guardian_name=r.guardian_name,
        guardian_phone=r.guardian_phone,
        status=r.status,
        block_reason=r.block_reason,
        expires_on=r.expires_on,
        home_point=home,
        open_loans=max(open_loans, r.hub_open_loans if r.index_only else 0),
        staff_note=r.staff_note,
        reader_message=r.reader_message,
    )


_BY_CARD = select(Reader).where(Reader.card_no == bindparam("card_no"))  # built once: every scan


def get_reader(s: Session, ctx: Ctx, card: str) -> Reader:
    card_no = ctx.policy.card(card)
    reader = s.scalars(_BY_CARD, {"card_no": card_no}).one_or_none()
    if reader is None:
        raise DeskError("unknown_reader", card=card_no)
    return reader


def home_reader(s: Session, ctx: Ctx, card: str) -> Reader:
    """A reader whose profile, status and expiry this point may change: only the point that
    registered the reader speaks for them (the hub refuses any other, docs/sync-protocol.md),
    so the desk says so at once instead of after a sync."""
    reader = get_reader(s, ctx, card)
    if reader.home_point_id != ctx.point.id:
        home = s.get(Point, reader.home_point_id) if reader.home_point_id else None
        raise DeskError("not_home_point", card=reader.card_no, point=home.code if home else "—")
    return reader


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def pinyin_key(name: str) -> str:
    """``张三`` -> ``zhangsan|zs``: full pinyin and initials, searched with LIKE."""
    full = "".join(pinyin.syllables(name)).lower()
    initials = "".join(pinyin.initials(name)).lower()
    return f"{full}|{initials}"


def _phone(raw: Any, field: str) -> str | None:
    value = clean_text(raw, field=field, max_len=32, required=False)
    if value is not None and not all(ch.isdigit() or ch in "+- " for ch in value):
        raise DeskError("bad_input", detail=Phrase("field_digits_only", field=field), field=field)
    return value


def register(
    s: Session,
    ctx: Ctx,
    *,
    card_no: str,
    name: str,
    reader_type: str,
    id_number: str,
    phone: str | None = None,
    address: str | None = None,
    guardian_name: str | None = None,
    guardian_phone: str | None = None,
) -> ReaderView:
    policy = ctx.policy
    card = policy.card(card_no)
    clean_name = clean_text(name, field="name", max_len=100)
    assert clean_name is not None
    rtype = policy.reader_type(reader_type)
    today = ctx.today()
    number, birth = check_id_number(id_number, today)
    age = age_on(birth, today)
    too_old = rtype.max_age is not None and age >= rtype.max_age
    if too_old or (rtype.min_age is not None and age < rtype.min_age):
        names = {rtype.code: (rtype.name_zh, rtype.name_en)}
        raise DeskError("reader_type_age", age=age, reader_type=rtype.code, names=names)
    g_name = clean_text(guardian_name, field="guardian_name", max_len=100, required=False)
    g_phone = _phone(guardian_phone, "guardian_phone")
    if age < GUARDIAN_AGE and not (g_name and g_phone):
        raise DeskError("guardian_required")
    id_hash = ctx.hash_id(number)
    existing = s.scalars(select(Reader.card_no).where(Reader.id_hash == id_hash)).first()
    if existing:
        raise DeskError("duplicate_reader", card=existing)
    if s.scalar(select(func.count()).where(Reader.card_no == card)):
        raise DeskError("duplicate_card", card=card)
    now = ctx.now()
    expires = add_years(today, rtype.card_valid_years)
    reader = Reader(
        card_no=card,
        name=clean_name,
        name_pinyin=pinyin_key(clean_name),
        reader_type=rtype.code,
        id_hash=id_hash,
        id_masked=mask_id(number),
        birth_date=birth,
        phone=_phone(phone, "phone"),
        address=clean_text(address, field="address", max_len=300, required=False),
        guardian_name=g_name,
        guardian_phone=g_phone,
        status="active",
        expires_on=expires,
        home_point_id=ctx.point.id,
        created_at=now,
        updated_at=now,
    )
    s.add(reader)
    s.flush()
    record(
        s,
        ctx,
        "reader.registered",
        ReaderRegistered(
            card_no=card,
            name=reader.name,
            reader_type=reader.reader_type,
            id_hash=id_hash,
            id_masked=reader.id_masked or "",
            birth_date=birth,
            phone=reader.phone,
            address=reader.address,
            guardian_name=g_name,
            guardian_phone=g_phone,
            expires_on=expires,
            home_point=ctx.point.code,
        ),
        target=card,
    )
    return view(s, reader)


EDITABLE = (
    "name",
    "reader_type",
    "phone",
    "address",
    "guardian_name",
    "guardian_phone",
    "staff_note",
    "reader_message",
)


def edit(s: Session, ctx: Ctx, /, card: str, **changes: Any) -> ReaderView:
    """Change profile fields; only the fields that really change go into the event. The staff
    note and the reader message are profile fields too (an empty value clears them)."""
    reader = home_reader(s, ctx, card)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        fields = ", ".join(sorted(unknown))
        raise DeskError("bad_input", detail=Text(f"不能修改：{fields}", f"cannot edit: {fields}"))
    clean: dict[str, Any] = {}
    for key, raw in changes.items():
        if key == "name":
            clean[key] = clean_text(raw, field="name", max_len=100)
        elif key == "reader_type":
            clean[key] = ctx.policy.reader_type(str(raw)).code
        elif key in ("phone", "guardian_phone"):
            clean[key] = _phone(raw, key)
        else:
            clean[key] = clean_text(raw, field=key, max_len=300, required=False)
    changed = {k: v for k, v in clean.items() if getattr(reader, k) != v}
    if not changed:
        return view(s, reader)
    if reader.birth_date and age_on(reader.birth_date, ctx.today()) < GUARDIAN_AGE:
        after = {k: changed.get(k, getattr(reader, k)) for k in ("guardian_name", "guardian_phone")}
        if not all(after.values()):
            raise DeskError("guardian_required")
    for k, v in changed.items():
        setattr(reader, k, v)
    if "name" in changed:
        reader.name_pinyin = pinyin_key(reader.name)
    reader.updated_at = ctx.now()
    record(
        s,
        ctx,
        "reader.updated",
        ReaderUpdated(card_no=reader.card_no, fields=changed),
        target=reader.card_no,
        detail=", ".join(sorted(changed)),
    )
    return view(s, reader)


def block(s: Session, ctx: Ctx, card: str, reason: str) -> ReaderView:
    require_role(ctx, "librarian", "admin", action="block reader")
    why = clean_text(reason, field="reason", max_len=300)
    assert why is not None
    reader = home_reader(s, ctx, card)
    reader.status, reader.block_reason, reader.updated_at = "blocked", why, ctx.now()
    record(
        s,
        ctx,
        "reader.blocked",
        ReaderBlocked(card_no=reader.card_no, reason=why),
        target=reader.card_no,
        detail=why,
    )
    return view(s, reader)


def unblock(s: Session, ctx: Ctx, card: str) -> ReaderView:
    require_role(ctx, "librarian", "admin", action="unblock reader")
    reader = home_reader(s, ctx, card)
    reader.status, reader.block_reason, reader.updated_at = "active", None, ctx.now()
    record(
        s, ctx, "reader.unblocked", ReaderUnblocked(card_no=reader.card_no), target=reader.card_no
    )
    return view(s, reader)


def renew_card(s: Session, ctx: Ctx, card: str) -> ReaderView:
    reader = home_reader(s, ctx, card)
    years = ctx.policy.card_years.get(reader.reader_type, 5)
    reader.expires_on = add_years(max(reader.expires_on, ctx.today()), years)
    reader.updated_at = ctx.now()
    record(
        s,
        ctx,
        "reader.card_renewed",
        CardRenewed(card_no=reader.card_no, expires_on=reader.expires_on),
        target=reader.card_no,
    )
    return view(s, reader)


_RT, _PT, _LT = (cast(Table, m.__table__) for m in (Reader, Point, Loan))
#: the desk's look-up in one Core query (the reader, their home point, their open loans):
#: the same answer as :func:`view` without loading an ORM instance per scan
_SHOW = (
    select(
        _RT.c.id,
        *(
            _RT.c[f]
            for f in [
                "card_no",
                "name",
                "reader_type",
                "id_masked",
                "birth_date",
                "phone",
                "address",
                "guardian_name",
                "guardian_phone",
                "status",
                "block_reason",
                "expires_on",
                "index_only",
                "hub_open_loans",
                "staff_note",
                "reader_message",
                "holds_ready",
            ]
        ),
        _PT.c.code.label("home_code"),
        select(func.count())
        .where(_LT.c.reader_id == _RT.c.id, _LT.c.returned_at.is_(None))
        .scalar_subquery()
        .label("open_loans"),
    )
    .outerjoin(_PT, _PT.c.id == _RT.c.home_point_id)
    .where(_RT.c.card_no == bindparam("card_no"))
)


@dataclass(frozen=True)
class Scanned:
    """A scanned card's reader: the row id the scan's other reads key on, and the view."""

    id: int
    view: ReaderView
    #: pickup points the district reader index says have a copy waiting for this reader
    holds_ready: list[str]


def scan(s: Session, ctx: Ctx, card: str) -> Scanned:
    """:func:`get_reader` and :func:`view` in one Core query, for the card scan (the
    account, ``show``): the same card rule, refusal and answer, no ORM instance."""
    card_no = ctx.policy.card(card)
    if s.new or s.dirty or s.deleted:
        s.flush()  # the Core query reads the database: send this session's changes first
    r = s.connection().execute(_SHOW, {"card_no": card_no}).first()
    if r is None:
        raise DeskError("unknown_reader", card=card_no)
    return Scanned(
        r.id,
        _as_view(cast("Row[Any]", r), r.home_code, r.open_loans or 0),
        list(r.holds_ready or []),
    )


def show(s: Session, ctx: Ctx, card: str) -> ReaderView:
    return scan(s, ctx, card).view


def search(s: Session, ctx: Ctx, query: str, limit: int = 50) -> list[ReaderView]:
    """By exact card, name fragment, full pinyin or pinyin initials."""
    q = clean_text(query, field="query", max_len=100)
    assert q is not None
    like = "%" + q.lower().replace("%", r"\%").replace("_", r"\_") + "%"
    rows = s.scalars(
        select(Reader)
        .where(
            or_(
                Reader.card_no == q.upper(),
                Reader.name.like(like, escape="\\"),
                Reader.name_pinyin.like(like.replace(" ", ""), escape="\\"),
            )
        )
        .order_by(Reader.name)
        .limit(limit)
    ).all()
    return [view(s, r) for r in rows]
