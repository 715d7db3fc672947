"""Self-check kiosks: their accounts, readers' kiosk passwords, and lending under kiosk rules.

A kiosk acts as its own actor (role ``kiosk``, staff code ``kiosk-LOGIN``) through the same
services as the desk, so a kiosk loan is an event, an audit entry and the same rules; the
package's ``service.kiosk`` rules come on top, and a kiosk never overrides a block. Accounts
and passwords are point-local (audited, not synced). Like every service these return data and
raise coded ``DeskError``s; the SIP2 front end (``xclib_desk.sip2``) words them for the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import DeskError, Text, one_of
from ..input_checks import clean_text
from ..models import AuditEntry, Item, KioskAccount, Loan, Point, ReaderPin
from ..standards.schema import KioskRules
from .circulation import (
    CheckinResult,
    LoanView,
    check_in,
    check_out,
    reader_loans,
    renew,
    type_names,
)
from .context import Actor, Ctx, require_role
from .holdings import get_item
from .readers import get_reader

_hasher = PasswordHasher()
KIOSK_ROLE = "kiosk"
LANGUAGES = ("zh", "en")
MIN_KIOSK_PASSWORD = 8
MIN_PIN = 4


@dataclass(frozen=True)
class KioskView:
    login: str
    name: str
    location: str
    language: str
    active: bool
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class PatronView:
    """What a kiosk may know of a reader: status flags, counts and open loans."""

    card_no: str
    name: str
    reader_type: str
    blocked: bool
    expired: bool
    password_set: bool
    quota: int
    overdue: int
    fee_cents: int  # fees accruing on overdue loans, at today's rate
    loans: list[LoanView]


@dataclass(frozen=True)
class ItemInfo:
    barcode: str
    title: str
    author: str
    call_number: str
    material_type: str
    status: str  # Item.status
    owner: str  # point code (the copy's permanent location)
    location: str  # point code where it is now
    due_date: date | None


@dataclass(frozen=True)
class RenewAllResult:
    renewed: list[LoanView]
    refused: list[tuple[str, str]]  # (barcode, refusal code)


def kiosk_actor(view: KioskView) -> Actor:
    return Actor(f"kiosk-{view.login}", KIOSK_ROLE, view.name)


def _view(k: KioskAccount) -> KioskView:
    return KioskView(k.login, k.name, k.location, k.language, k.active, k.created_by, k.created_at)


def _audit(s: Session, ctx: Ctx, action: str, target: str, detail: str = "") -> None:
    """Kiosk accounts and passwords are point-local: an audit entry, no outbox event."""
    s.add(
        AuditEntry(
            at=ctx.now(),
            staff_code=ctx.actor.staff_code,
            action=action,
            target=target[:64],
            detail=detail,
        )
    )


def _password(password: str, minimum: int) -> str:
    if len(password) < minimum or len(password) > 128:
        raise DeskError(
            "bad_input",
            detail=Text(f"密码需 {minimum}–128 位", f"the password needs {minimum}–128 characters"),
            field="password",
        )
    return _hasher.hash(password)


def add_kiosk(
    s: Session,
    ctx: Ctx,
    *,
    login: str,
    name: str,
    password: str,
    location: str = "",
    language: str = "zh",
) -> KioskView:
    require_role(ctx, "librarian", "admin", action="manage kiosks")
    code = clean_text(login, field="login", max_len=24)
    label = clean_text(name, field="kiosk_name", max_len=100)
    place = clean_text(location, field="location", max_len=64, required=False) or ""
    assert code and label
    if not code.replace("-", "").isalnum() or not code.isascii():
        detail = Text("账号只能包含字母、数字和-", "the login may contain letters, digits and -")
        raise DeskError("bad_input", detail=detail, field="login")
    if language not in LANGUAGES:
        raise DeskError("bad_input", detail=one_of("language", LANGUAGES), field="language")
    if s.scalar(select(KioskAccount.id).where(KioskAccount.login == code)):
        raise DeskError("duplicate_kiosk", login=code)
    k = KioskAccount(
        login=code,
        name=label,
        password_hash=_password(password, MIN_KIOSK_PASSWORD),
        location=place,
        language=language,
        active=True,
        created_by=ctx.actor.staff_code,
        created_at=ctx.now(),
    )
    s.add(k)
    _audit(s, ctx, "kiosk.added", code, f"{label} {language}")
    return _view(k)


def _kiosk(s: Session, login: str) -> KioskAccount:
    k = s.scalars(select(KioskAccount).where(KioskAccount.login == login.strip())).one_or_none()
    if k is None:
        raise DeskError("unknown_kiosk", login=login.strip()[:24])
    return k


def set_kiosk_active(s: Session, ctx: Ctx, login: str, active: bool) -> KioskView:
    """Disable a kiosk (a lost or retired machine) or enable it again; a disabled kiosk's
    next login is refused."""
    require_role(ctx, "librarian", "admin", action="manage kiosks")
    k = _kiosk(s, login)
    k.active = active
    _audit(s, ctx, "kiosk.enabled" if active else "kiosk.disabled", k.login)
    return _view(k)


def set_kiosk_password(s: Session, ctx: Ctx, login: str, password: str) -> KioskView:
    require_role(ctx, "librarian", "admin", action="manage kiosks")
    k = _kiosk(s, login)
    k.password_hash = _password(password, MIN_KIOSK_PASSWORD)
    _audit(s, ctx, "kiosk.password_set", k.login)
    return _view(k)


def list_kiosks(s: Session, ctx: Ctx) -> list[KioskView]:
    return [_view(k) for k in s.scalars(select(KioskAccount).order_by(KioskAccount.login))]


def kiosk_sign_in(s: Session, ctx: Ctx, login: str, password: str) -> KioskView | None:
    """A kiosk's SIP2 login (93), read-only: the account if the password is right and the
    account active, else None (alike for an unknown login, a wrong password, a disabled
    account). The front end records the outcome with :func:`record_sign_in`, so the argon2
    check never holds the store's write lock."""
    k = s.scalars(select(KioskAccount).where(KioskAccount.login == login.strip())).one_or_none()
    if k is None or not k.active:
        return None
    try:
        return _view(k) if _hasher.verify(k.password_hash, password) else None
    except (VerificationError, InvalidHashError):
        return None


def record_sign_in(s: Session, ctx: Ctx, login: str, ok: bool) -> None:
    """The audit entry of a kiosk's login, either way."""
    _audit(s, ctx, "kiosk.signin" if ok else "kiosk.signin_failed", f"kiosk-{login.strip()}")


def set_reader_password(s: Session, ctx: Ctx, card: str, password: str) -> str:
    """Set (or replace) a reader's kiosk password at the counter; returns the card number."""
    require_role(ctx, "desk", "librarian", "admin", action="manage kiosks")
    reader = get_reader(s, ctx, card)
    if len(password) < MIN_PIN or len(password) > 32 or "|" in password:
        detail = Text(f"读者密码需 {MIN_PIN}–32 位", f"the password needs {MIN_PIN}–32 characters")
        raise DeskError("bad_input", detail=detail, field="password")
    row = s.get(ReaderPin, reader.id)
    digest = _hasher.hash(password)
    if row is None:
        s.add(
            ReaderPin(
                reader_id=reader.id, pin_hash=digest, set_by=ctx.actor.staff_code, set_at=ctx.now()
            )
        )
    else:
        row.pin_hash, row.set_by, row.set_at = digest, ctx.actor.staff_code, ctx.now()
    _audit(s, ctx, "reader.kiosk_password_set", reader.card_no)
    return reader.card_no


def check_reader_password(s: Session, ctx: Ctx, card: str, password: str) -> bool:
    """Whether ``password`` is the reader's kiosk password (False for an unknown card)."""
    try:
        reader = get_reader(s, ctx, card)
    except DeskError:
        return False
    row = s.get(ReaderPin, reader.id)
    if row is None:
        return False
    try:
        return _hasher.verify(row.pin_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def rules(ctx: Ctx) -> KioskRules:
    return ctx.policy.package.service.kiosk


def _require_reader(ctx: Ctx, verified: bool) -> None:
    if rules(ctx).reader_password_required and not verified:
        raise DeskError("reader_password_required")


def patron(s: Session, ctx: Ctx, card: str) -> PatronView:
    reader = get_reader(s, ctx, card)
    loans = reader_loans(s, ctx, card)
    grace = ctx.policy.package.service.overdue.grace_days
    return PatronView(
        card_no=reader.card_no,
        name=reader.name,
        reader_type=reader.reader_type,
        blocked=reader.status == "blocked",
        expired=reader.expires_on < ctx.today(),
        password_set=s.get(ReaderPin, reader.id) is not None,
        quota=ctx.policy.total_quota(reader.reader_type),
        overdue=sum(1 for v in loans if v.overdue_days > grace),
        fee_cents=sum(v.fee_cents for v in loans if v.overdue_days > 0),
        loans=loans,
    )


def kiosk_check_out(
    s: Session, ctx: Ctx, card: str, barcode: str, *, reader_verified: bool
) -> LoanView:
    """The desk's check-out without overrides, refused for what kiosks may not lend."""
    r = rules(ctx)
    if not r.lending:
        raise DeskError("kiosk_not_lending")
    _require_reader(ctx, reader_verified)
    item = get_item(s, ctx, barcode)
    if item.material_type in r.material_types_not_lent:
        mtype = ctx.policy.material_type(item.material_type)
        raise DeskError("kiosk_material_not_lent", material=mtype.code, names=type_names(mtype))
    return check_out(s, ctx, card, barcode, None)


def kiosk_check_in(s: Session, ctx: Ctx, barcode: str) -> CheckinResult:
    if not rules(ctx).returns:
        raise DeskError("kiosk_no_returns")
    return check_in(s, ctx, barcode)


def kiosk_renew(
    s: Session, ctx: Ctx, card: str, barcode: str, *, reader_verified: bool
) -> LoanView:
    """Renew one of the reader's own loans (a kiosk renews for the reader signed in)."""
    if not rules(ctx).renewals:
        raise DeskError("kiosk_no_renewals")
    _require_reader(ctx, reader_verified)
    code = ctx.policy.item(barcode)
    if all(v.barcode != code for v in reader_loans(s, ctx, card)):
        raise DeskError("not_on_loan", barcode=code)
    return renew(s, ctx, code, None)


def kiosk_renew_all(s: Session, ctx: Ctx, card: str, *, reader_verified: bool) -> RenewAllResult:
    """Renew each of the reader's loans that may be renewed; each refusal is kept with its code
    (a savepoint per loan, so one refusal leaves the others' renewals intact)."""
    if not rules(ctx).renewals:
        raise DeskError("kiosk_no_renewals")
    _require_reader(ctx, reader_verified)
    done: list[LoanView] = []
    refused: list[tuple[str, str]] = []
    for loan in reader_loans(s, ctx, card):
        try:
            with s.begin_nested():
                done.append(renew(s, ctx, loan.barcode, None))
        except DeskError as e:
            refused.append((loan.barcode, e.code))
    return RenewAllResult(done, refused)


def item_info(s: Session, ctx: Ctx, barcode: str) -> ItemInfo:
    item: Item = get_item(s, ctx, barcode)
    owner = s.get_one(Point, item.owner_point_id)
    here = s.get_one(Point, item.location_point_id)
    due = s.scalar(select(Loan.due_date).where(Loan.item_id == item.id, Loan.returned_at.is_(None)))
    return ItemInfo(
        barcode=item.barcode,
        title=item.title.title,
        author=item.title.author,
        call_number=item.call_number,
        material_type=item.material_type,
        status=item.status,
        owner=owner.code,
        location=here.code,
        due_date=due,
    )
